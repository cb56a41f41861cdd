"""Synthesises a campaign workspace for the generation benchmark.

usage: synth.py DIR VOLUNTEERS PRISONERS [MAILMERGE_DIR]

Writes DIR/campaign.toml, DIR/recipients/{volunteers,prisoners}.csv and a ~1 KB Russian
solidarity letter template, so VOLUNTEERS x PRISONERS letters are planned. With
MAILMERGE_DIR, also writes the same letter as a mailmerge template and one database row per
letter (the same VOLUNTEERS x PRISONERS pairs).
"""

import csv
import os
import sys

FIRST = ["Anna", "Jan", "Maria", "Piotr", "Eva", "Lukas", "Sofia", "Tomas", "Ines", "Karl"]
LAST = ["Nowak", "de Vries", "Schmidt", "Novak", "Berg", "Meyer", "Kowal", "Lind"]
NATIVE_FIRST = ["Алесь", "Марыя", "Ігар", "Вольга", "Павел", "Наталля", "Сяргей", "Ірына"]
NATIVE_LAST = ["Бяляцкі", "Калеснікава", "Лосік", "Ціханоўская", "Статкевіч", "Бабарыка"]
CITIES = ["Kraków", "Utrecht", "Berlin", "Vilnius", "Praha", "Wien", "Oslo", "Lyon"]

# The letter body: about 1 KB once rendered. `{x}` is filled with a Handlebars or Jinja field.
BODY = """{name_native}
{institution}
{street}
{postcode}, {town}
REPUBLIC OF BELARUS

Здравствуйте, {name_native}!

Меня зовут {vname}, я пишу вам из города {vcity}. Мы с друзьями часто вспоминаем вас
и очень хотим, чтобы у вас были силы, здоровье и хорошее настроение. У нас наступило
лето: в парке возле дома цветут липы, по вечерам на площади играют уличные музыканты,
а в субботу на рынке продают первую клубнику. Я недавно начала учиться играть на
гитаре и пока знаю только три аккорда, но уже могу сыграть простую песню.

Расскажите, пожалуйста, если сможете, что вы любите читать и какие книги вам
хотелось бы получить. Я с радостью пришлю открытки с видами нашего города.
В конверт я вкладываю чистый лист бумаги и конверт для ответа.

Желаю вам тепла, терпения и добрых новостей. Вы не одни, о вас помнят.

С уважением,
{vname}
{vcity}
"""

FIELDS = {
    "name_native": "prisoner.name_native",
    "institution": "prisoner.institution",
    "street": "prisoner.street",
    "postcode": "prisoner.postcode",
    "town": "prisoner.town",
    "vname": "volunteer.name",
    "vcity": "volunteer.city",
}


def people(n, first, last):
    return [f"{first[i % len(first)]} {last[(i // len(first)) % len(last)]} {i}" for i in range(n)]


def main():
    out, nv, np_ = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    mm = sys.argv[4] if len(sys.argv) > 4 else None
    os.makedirs(f"{out}/recipients", exist_ok=True)
    os.makedirs(f"{out}/templates", exist_ok=True)
    with open(f"{out}/campaign.toml", "w") as f:
        f.write(
            'id = "bench"\nname = "Benchmark campaign"\nstarts = 2026-08-04\n'
            'ends = 2026-08-18\n\n[sender]\nname = "Letters for Freedom"\n'
            'email = "letters@example.org"\n\n[[cases]]\nid = "case"\ntitle = "A case"\n'
        )
    vnames = people(nv, FIRST, LAST)
    volunteers = [
        {"id": f"v{i}", "name": vnames[i], "email": f"v{i}@example.org",
         "city": CITIES[i % len(CITIES)], "country": "PL", "languages": "ru en"}
        for i in range(nv)
    ]
    pnames = people(np_, FIRST, LAST)
    natives = people(np_, NATIVE_FIRST, NATIVE_LAST)
    prisoners = [
        {"id": f"p{i}", "name": pnames[i], "name_native": natives[i],
         "institution": f"ИК №{i % 20 + 1}", "street": f"ул. Примерная {i % 90 + 1}",
         "postcode": f"{220000 + i % 9999}", "town": "г. Минск", "country": "BY",
         "languages": "ru be", "case": "case"}
        for i in range(np_)
    ]
    for name, rows in (("volunteers", volunteers), ("prisoners", prisoners)):
        with open(f"{out}/recipients/{name}.csv", "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
    hbs = BODY.format(**{k: "{{" + v + "}}" for k, v in FIELDS.items()})
    with open(f"{out}/templates/solidarity-ru.txt.hbs", "w") as f:
        f.write('+++\naudience = "prisoners"\nkind = "solidarity"\nlanguage = "ru"\n+++\n' + hbs)
    if mm:
        os.makedirs(mm, exist_ok=True)
        jinja = BODY.format(**{k: "{{" + k + "}}" for k in FIELDS})
        with open(f"{mm}/template.txt", "w") as f:
            f.write("TO: {{email}}\nSUBJECT: A letter\nFROM: letters@example.org\n\n" + jinja)
        with open(f"{mm}/database.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["email", *FIELDS])
            for v in volunteers:
                for p in prisoners:
                    w.writerow([v["email"], p["name_native"], p["institution"], p["street"],
                                p["postcode"], p["town"], v["name"], v["city"]])


if __name__ == "__main__":
    main()

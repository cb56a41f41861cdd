//! The accept loop: one HTTP/1.1 connection task per client (Nagle off, a 10 s limit on
//! reading a request's headers against slow clients), each given the peer address as
//! [`ConnectInfo`]; on stop, every connection finishes its request in flight and closes, and
//! the loop returns when the last one has.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use std::convert::Infallible;

use axum::http::Request;
use futures_util::future::Either;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};

use super::api::tally;
use super::state::Shared;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::watch;
use tower::ServiceExt;

/// The longest a client may take to send a request's headers.
pub const HEADER_TIME_LIMIT: Duration = Duration::from_secs(10);

/// How many connections may wait to be accepted (the kernel may cap it lower).
pub const BACKLOG: u32 = 4096;

/// Binds `addr` with a backlog long enough for a crowd of live-counter subscribers arriving
/// at once (the default of 1,024 drops connections under such a burst).
pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// Serves `app` on `listener` until the state says it is stopping, then waits for the open
/// connections to finish. Requests for the public tally are answered here, before the
/// router: they are most of the traffic and need none of its work.
pub async fn serve(listener: TcpListener, app: Router, state: Shared) {
    let mut stopping = state.stopping.clone();
    // Every connection task holds a receiver: the sender sees them all gone when the last
    // connection has closed.
    let (open_tx, open_rx) = watch::channel(());
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little, never spin.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = stopped(&mut stopping) => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let st = state.clone();
        let svc = service_fn(move |mut req: Request<Incoming>| {
            if req.uri().path() == tally::PATH {
                let res = tally::answer(&st, req.method(), req.headers());
                return Either::Left(std::future::ready(Ok::<_, Infallible>(res)));
            }
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            Either::Right(app.clone().oneshot(req))
        });
        let mut stop = stopping.clone();
        let open = open_rx.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIME_LIMIT);
            let conn = builder.serve_connection(TokioIo::new(stream), svc);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                () = stopped(&mut stop) => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.as_mut().await;
                }
            }
            drop(open);
        });
    }
    drop(listener);
    drop(open_rx);
    open_tx.closed().await;
}

/// Returns once `rx` says the server is stopping (or its sender is gone).
async fn stopped(rx: &mut watch::Receiver<bool>) {
    let _ = rx.wait_for(|s| *s).await;
}

//! Slow clients cannot hold connections: a head that trickles in is cut at the header timeout
//! (408 with the platform's body), an idle connection at the idle timeout, and connections past the
//! bound are answered 503 at once.

use std::time::{Duration, Instant};

use opentok_test_server::TestServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::{parse_reply, Api};

/// Trickles a request head one byte every 50 ms (never finishing it) until the server answers or
/// closes; returns what it answered and when.
async fn trickle(addr: std::net::SocketAddr) -> (Vec<u8>, Duration) {
    let start = Instant::now();
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = b"GET /v2/project/1/archive HTTP/1.1\r\nHost: x\r\nX-Slow: ".repeat(100);
    let mut answer = Vec::new();
    for byte in head {
        if stream.write_all(&[byte]).await.is_err() {
            break;
        }
        let mut buf = [0u8; 1024];
        match tokio::time::timeout(Duration::from_millis(50), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
        if start.elapsed() > Duration::from_secs(10) {
            break;
        }
    }
    let _ = tokio::time::timeout(Duration::from_secs(1), stream.read_to_end(&mut answer)).await;
    (answer, start.elapsed())
}

#[tokio::test]
async fn slowloris_heads_are_cut_at_the_header_timeout() {
    let server = TestServer::builder().header_timeout(Duration::from_millis(400)).start().await.unwrap();
    let addr = server.addr();
    let clients: Vec<_> = (0..40).map(|_| tokio::spawn(trickle(addr))).collect();
    for client in clients {
        let (answer, took) = client.await.unwrap();
        assert!(took < Duration::from_secs(5), "held for {took:?}");
        let reply = parse_reply(&answer).expect("an answer before the close");
        reply.assert_platform_error(408);
    }
    // Meanwhile and after, normal requests are served.
    let api = Api { server, http: reqwest::Client::new() };
    assert_eq!(api.get(api.p("/archive")).await.status, 200);
}

#[tokio::test]
async fn idle_and_silent_connections_are_closed() {
    let server = TestServer::builder()
        .idle_timeout(Duration::from_millis(300))
        .header_timeout(Duration::from_millis(500))
        .start()
        .await
        .unwrap();
    // A kept-alive connection, idle after one request, is closed at the idle timeout.
    let mut idle = TcpStream::connect(server.addr()).await.unwrap();
    idle.write_all(b"GET /_test/project HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let start = Instant::now();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), idle.read_to_end(&mut answer)).await;
    assert!(matches!(read, Ok(Ok(_))), "{read:?}");
    assert_eq!(parse_reply(&answer).expect("the answer").status, 200);
    assert!(start.elapsed() < Duration::from_secs(3), "held {:?}", start.elapsed());
    // A connection that never says anything is closed at the header timeout, silently.
    let start = Instant::now();
    let mut silent = TcpStream::connect(server.addr()).await.unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), silent.read_to_end(&mut buf)).await;
    assert!(matches!(read, Ok(Ok(0))), "{read:?}");
    assert!(start.elapsed() >= Duration::from_millis(400) && start.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn connections_past_the_bound_get_503() {
    let server = TestServer::builder().max_connections(4).start().await.unwrap();
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(TcpStream::connect(server.addr()).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut extra = TcpStream::connect(server.addr()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), extra.read_to_end(&mut answer)).await;
    parse_reply(&answer).expect("an answer").assert_platform_error(503);
    drop(held);
    // Slots free up once the held connections go.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let api = Api { server, http: reqwest::Client::new() };
    assert_eq!(api.get(api.p("/archive")).await.status, 200);
}

#[tokio::test]
async fn the_idle_timeout_is_its_own_bound_not_the_header_timeout() {
    let server = TestServer::builder()
        .idle_timeout(Duration::from_millis(1500))
        .header_timeout(Duration::from_millis(300))
        .start()
        .await
        .unwrap();
    let mut kept = TcpStream::connect(server.addr()).await.unwrap();
    let request = b"GET /_test/project HTTP/1.1\r\nHost: x\r\n\r\n";
    kept.write_all(request).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let n = kept.read(&mut buf).await.unwrap();
    assert_eq!(parse_reply(&buf[..n]).expect("the first answer").status, 200);
    // Idle for longer than the header timeout, well within the idle timeout: still open.
    tokio::time::sleep(Duration::from_millis(700)).await;
    kept.write_all(request).await.unwrap();
    let n = tokio::time::timeout(Duration::from_secs(2), kept.read(&mut buf)).await.unwrap().unwrap();
    assert_eq!(parse_reply(&buf[..n]).expect("the second answer on the same connection").status, 200);
    // Then idle past the idle timeout: closed.
    let start = Instant::now();
    let mut rest = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), kept.read_to_end(&mut rest)).await;
    assert!(matches!(read, Ok(Ok(0))), "{read:?}");
    let took = start.elapsed();
    assert!(took >= Duration::from_millis(1200) && took < Duration::from_secs(4), "closed after {took:?}");
}

#[tokio::test]
async fn a_client_that_does_not_read_its_answer_is_cut_at_the_write_timeout() {
    const BODY: usize = 4 << 20;
    let server = TestServer::builder()
        .max_body_bytes(BODY)
        .request_log_bytes(64 << 20)
        .body_timeout(Duration::from_millis(500))
        .start()
        .await
        .unwrap();
    // Six 4 MiB bodies in the request log (refused by auth, but recorded): its listing is over 24 MiB,
    // more than the socket buffers of both ends hold.
    let http = reqwest::Client::new();
    for _ in 0..6 {
        let url = format!("{}/v2/project/{}/archive", server.url(), server.api_key());
        let status = http.post(url).body("x".repeat(BODY)).send().await.unwrap().status();
        assert_eq!(status, 403);
    }
    let mut reader = TcpStream::connect(server.addr()).await.unwrap();
    reader.write_all(b"GET /_test/requests HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    // Not reading: the server's write waits, then gives up at the write timeout and closes.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), reader.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the connection was closed, so the read ends");
    assert!(answer.starts_with(b"HTTP/1.1 200"), "{:?}", String::from_utf8_lossy(&answer[..answer.len().min(200)]));
    assert!(answer.len() < 6 * BODY, "the whole answer ({} bytes) was written: no write timeout", answer.len());
    // The server still serves.
    let reply = http.get(format!("{}/_test/project", server.url())).send().await.unwrap();
    assert_eq!(reply.status(), 200);
}

//! A static file server for the built site, good enough for a browser on 127.0.0.1: GET only,
//! one thread per connection, `Connection: close`. Tests own it, so no external server and no
//! port clash with other engineers (it binds port 0).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// Serves `root` until the test process exits; returns the base URL (`http://127.0.0.1:PORT/`).
pub fn serve(root: &Path) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || {
                // A dropped connection (the browser navigated away) is not a test failure.
                let _ = respond(stream, &root);
            });
        }
    });
    base
}

fn respond(stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; the body of a GET is empty.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let (status, path) = match resolve(root, target) {
        Some(path) => ("200 OK", path),
        None => ("404 Not Found", root.join("404.html")),
    };
    let body = std::fs::read(&path).unwrap_or_default();
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: {}\r\nConnection: close\r\n\r\n",
        content_type(&path),
        body.len(),
        cache_control(&path),
    )?;
    out.write_all(&body)?;
    out.flush()
}

/// Maps a request target to a file under `root`, refusing `..` so a test can never read outside.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path);
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut file = root.join(relative);
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// As GitHub Pages serves them: assets (whose names mdBook hashes) are cached for ten minutes,
/// so a second page does not fetch the fonts again; pages are revalidated.
fn cache_control(path: &Path) -> &'static str {
    if path.extension().is_some_and(|e| e == "html") { "no-cache" } else { "max-age=600" }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside_the_root() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert!(resolve(root, "/../Cargo.toml").is_none());
        assert!(resolve(root, "/%2e%2e/Cargo.toml").is_none());
        assert_eq!(resolve(root, "/Cargo.toml?x=1#y"), Some(root.join("Cargo.toml")));
    }
}

use super::*;

fn drop_in(entry: &str, target: &str, paths: &[&str]) -> DropIn {
    DropIn {
        location: "api-maps/io.yaml:1".to_string(),
        entry: entry.to_string(),
        target: target.to_string(),
        paths: paths.iter().map(|p| p.to_string()).collect(),
        windows_only: false,
        derivation: None,
        target_program: None,
    }
}

fn derived(test: &str, entries: &[&str]) -> Option<Result<Program, String>> {
    Some(Ok(Program { test: test.to_string(), entries: entries.iter().map(|e| e.to_string()).collect() }))
}

/// One row of each kind, and the traps between them.
fn fixture() -> Vec<DropIn> {
    vec![
        // Its own program, which also substitutes `Cursor` (for smol only).
        DropIn {
            derivation: derived(
                "io__Cursor_poll_read__smol_derived",
                &["async_std::io::Cursor", "async_std::io::Read"],
            ),
            ..drop_in("async_std::io::Read::poll_read", "smol", &["smol::io::AsyncRead::poll_read"])
        },
        drop_in("async_std::io::Cursor", "smol", &["smol::io::Cursor"]),
        // Covered for smol is not covered for tokio.
        drop_in("async_std::io::Cursor", "tokio", &["std::io::Cursor"]),
        // The same item through the prelude, mapped to the same path: a re-export.
        drop_in("async_std::io::prelude::Read::poll_read", "smol", &["smol::io::AsyncRead::poll_read"]),
        // The same name mapped elsewhere is not.
        drop_in("async_std::net::TcpStream::poll_read", "smol", &["smol::net::TcpStream::poll_read"]),
        DropIn {
            windows_only: true,
            ..drop_in(
                "async_std::fs::File::as_raw_handle",
                "smol",
                &["std::os::windows::io::AsRawHandle::as_raw_handle"],
            )
        },
        DropIn {
            derivation: Some(Err("`async_std::task::spawn` is `different` for tokio".to_string())),
            ..drop_in("async_std::task::JoinHandle", "tokio", &["tokio::task::JoinHandle"])
        },
    ]
}

#[test]
fn each_drop_in_gets_its_strongest_proof() {
    let proofs = classify(&fixture());
    assert_eq!(
        proofs,
        [
            Proof::Derived { test: "io__Cursor_poll_read__smol_derived".to_string() },
            Proof::Covered { by: vec!["async_std::io::Read::poll_read".to_string()] },
            Proof::NoProgram,
            Proof::ReExport { base: "async_std::io::Read::poll_read".to_string() },
            Proof::NoProgram,
            Proof::WindowsOnly,
            Proof::NotDerivable { reason: "`async_std::task::spawn` is `different` for tokio".to_string() },
        ]
    );
    assert_eq!(
        proofs.iter().map(|p| p.to_string()).collect::<Vec<_>>()[..4],
        [
            "derived (test io__Cursor_poll_read__smol_derived)",
            "covered (in the derived program of async_std::io::Read::poll_read)",
            "no program",
            "re-export of async_std::io::Read::poll_read",
        ]
    );
}

#[test]
fn a_program_covers_rows_before_it_and_a_reexport_needs_a_proven_base() {
    let mut rows = fixture();
    rows.reverse();
    let proofs = classify(&rows);
    assert_eq!(proofs[6], Proof::Derived { test: "io__Cursor_poll_read__smol_derived".to_string() });
    assert_eq!(proofs[5].kind(), "covered");
    // Without the base's program, the prelude path has no proof either.
    rows.pop();
    let proofs = classify(&rows);
    assert_eq!(proofs[3], Proof::NoProgram);
    assert_eq!(proofs[5], Proof::NoProgram);
}

#[test]
fn totals_count_every_kind_in_order() {
    let proofs = classify(&fixture());
    assert_eq!(
        totals(&proofs),
        [
            ("derived", 1),
            ("covered", 1),
            ("target program", 0),
            ("re-export", 1),
            ("windows-only", 1),
            ("not derivable", 1),
            ("no program", 2)
        ]
    );
}

#[test]
fn a_written_target_program_proves_a_row_that_cannot_be_derived_and_keeps_the_reason() {
    let reason = "`async_std::os::unix::net::UnixListener::bind` is `similar` for smol".to_string();
    let row = DropIn {
        derivation: Some(Err(reason.clone())),
        target_program: Some("os__os_unix_net_UnixListener_accept__smol".to_string()),
        ..drop_in("async_std::os::unix::net::UnixListener::accept", "smol", &["smol::net::unix::UnixListener::accept"])
    };
    let proofs = classify(std::slice::from_ref(&row));
    assert_eq!(
        proofs,
        [Proof::TargetProgram {
            test: "os__os_unix_net_UnixListener_accept__smol".to_string(),
            reason: reason.clone()
        }]
    );
    assert!(proofs[0].is_proven());
    assert_eq!(
        proofs[0].to_string(),
        format!("target program (test os__os_unix_net_UnixListener_accept__smol); not derivable: {reason}")
    );
    // A derivation that works wins over the written program; without a derivation error the
    // written program alone is no proof of the drop-in claim (nothing tried the substitution).
    let derived_row = DropIn { derivation: derived("os_derived", &[]), ..row.clone() };
    assert_eq!(classify(&[derived_row])[0].kind(), "derived");
    let no_derivation = DropIn { derivation: None, ..row };
    assert_eq!(classify(&[no_derivation])[0].kind(), "no program");
}

#[test]
fn the_item_name_of_a_member_keeps_its_type() {
    assert_eq!(item_name("async_std::io::prelude::Read::poll_read"), "Read::poll_read");
    assert_eq!(item_name("async_std::prelude::Future"), "Future");
    assert_eq!(item_name("async_std::io::prelude"), "prelude");
    assert_eq!(item_name("spawn"), "spawn");
}

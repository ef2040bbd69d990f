//! Child processes started by xtask: each runs in its own process group, is
//! recorded by PID, and is stopped by PID (the whole group, so wrangler's
//! workerd child goes too) on exit, on error and on Ctrl-C.

use std::os::unix::process::CommandExt;
use std::process::{Child, Command};
use std::sync::Mutex;

static STARTED: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Spawns `cmd` in a new process group and records its PID.
pub fn spawn(mut cmd: Command, what: &str) -> crate::Result<Child> {
    cmd.process_group(0);
    let child = cmd.spawn().map_err(|e| format!("could not start {what}: {e}"))?;
    if let Ok(mut v) = STARTED.lock() {
        v.push(child.id());
    }
    Ok(child)
}

/// Stops one recorded process group (TERM, then KILL after a grace period).
pub fn stop(pid: u32) {
    let pgid = pid as libc::pid_t;
    // SAFETY: kill(2) with a negative pid signals a process group; no memory is involved.
    unsafe {
        libc::kill(-pgid, libc::SIGTERM);
    }
    for _ in 0..50 {
        // SAFETY: signal 0 only checks whether the group still exists.
        if unsafe { libc::kill(-pgid, 0) } != 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // SAFETY: as above.
    unsafe {
        libc::kill(-pgid, libc::SIGKILL);
    }
    // Reap the direct child if it is ours, so no zombie is left behind.
    let mut status = 0;
    // SAFETY: waitpid on our own child PID with WNOHANG.
    unsafe {
        libc::waitpid(pgid, &mut status, libc::WNOHANG);
    }
    if let Ok(mut v) = STARTED.lock() {
        v.retain(|p| *p != pid);
    }
}

/// Stops everything still recorded.
pub fn stop_all() {
    let pids: Vec<u32> = STARTED.lock().map(|v| v.clone()).unwrap_or_default();
    for pid in pids.into_iter().rev() {
        stop(pid);
    }
}

/// On Ctrl-C, stop what we started before exiting (children live in their
/// own process groups, so the terminal's SIGINT does not reach them).
pub fn install_interrupt_handler() {
    let _ = ctrlc::set_handler(|| {
        stop_all();
        std::process::exit(130);
    });
}

/// Runs a command to completion, inheriting output; an error names it.
pub fn run(cmd: &mut Command, what: &str) -> crate::Result<()> {
    let status = cmd.status().map_err(|e| format!("could not run {what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

/// Runs a command and returns its stdout, or `None` if it could not run or failed.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

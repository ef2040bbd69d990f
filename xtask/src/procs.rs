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

/// The direct children of `pid`, read from `/proc/*/stat` (field 4 is the
/// parent; the command name before it is in parentheses and may hold spaces).
fn children(pid: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|p| {
            std::fs::read_to_string(format!("/proc/{p}/stat")).ok().and_then(|s| {
                s.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok())
            }) == Some(pid)
        })
        .collect()
}

/// Lowers the CPU priority (nice 10) of every thread of the `node`
/// processes in the tree under `root`, leaving workerd and everything else
/// alone; returns how many threads it changed.
///
/// Why: under `wrangler dev`, node sits beside the request path. It reads
/// each log line workerd prints, parses it and appends it to wrangler's own
/// debug log file, about a third of a core at 1,500 requests/s. On 2 cores
/// it then competes with the two workerd processes that serve the request
/// (wrangler's proxy and the Worker). At lower priority it does the same
/// work in their idle time; lines queue in the pipe, none is lost. A
/// workerd that node starts later (a reload) inherits the lower priority,
/// which only puts it back on equal terms.
pub fn lower_node_priority(root: u32) -> usize {
    let mut changed = 0;
    let mut stack = vec![root];
    while let Some(pid) = stack.pop() {
        stack.extend(children(pid));
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if comm.trim() != "node" {
            continue;
        }
        let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { continue };
        for tid in tasks.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<libc::id_t>().ok()) {
            // SAFETY: setpriority(2) on one of our own threads by id; no memory is involved.
            if unsafe { libc::setpriority(libc::PRIO_PROCESS, tid, 10) } == 0 {
                changed += 1;
            }
        }
    }
    changed
}

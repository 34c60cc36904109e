"""Drive obshell-sim with obshell's official Python client (`pip install obshell==0.0.9`).

Usage: python sdk_conformance.py PORT ROOT_PASSWORD

The sim must run on 127.0.0.1:PORT with --test-hooks and a high --speed (the DAG waits below
are bounded in wall-clock time). Prints "N passed, M failed" and exits non-zero on failure.

Known quirks of the client that the sim must live with (reference/obshell-sdks.md):
- On any error response it sends the same request once more (twice more on `code: 1`), so a
  refused start-backup reaches the sim twice; `/__sim/backups` then lists it twice.
- On a FAILED DAG it reads the last `task_logs` entry of every FAILED sub-task and crashes with
  IndexError if one has none, so failed sub-tasks must carry a log line.
- It sends `show_details=True` (capital T), lower-case header keys and 53-byte RSA chunks.
- `wait_dag_succeed` has no overall deadline: this script polls `get_dag` itself.
"""

import json
import sys
import time
import traceback

import requests
from obshell import ClientV1, OBShellHandleError, TaskExecuteFailedError
from obshell.auth import PasswordAuth

PORT = int(sys.argv[1])
PASSWORD = sys.argv[2]
BASE = f"http://127.0.0.1:{PORT}"
ENCRYPTION = 'enc "quoted" back\\slash non-ASCII: pässwörd 密码 \u2603'

RESULTS = {"passed": 0, "failed": 0}


def check(name):
    def run(fn):
        try:
            fn()
            RESULTS["passed"] += 1
            print(f"ok   {name}")
        except Exception:  # noqa: BLE001 - report every failure and go on
            RESULTS["failed"] += 1
            print(f"FAIL {name}")
            traceback.print_exc()
        return fn

    return run


def client(password=PASSWORD):
    return ClientV1("127.0.0.1", PORT, PasswordAuth(password), timeout=30)


def wait_finished(cli, dag_id, seconds=60):
    """Poll until SUCCEED or FAILED, with a deadline (wait_dag_succeed has none)."""
    deadline = time.time() + seconds
    while True:
        dag = cli.get_dag(dag_id)
        if dag.is_finished():
            return dag
        if time.time() > deadline:
            raise AssertionError(f"DAG {dag_id} still {dag.state} after {seconds}s")
        time.sleep(0.2)


def set_scenario(name):
    resp = requests.post(f"{BASE}/__sim/scenario", data=name, timeout=10)
    assert resp.status_code == 200, resp.text


def expect_error(fn, err_code):
    try:
        fn()
    except OBShellHandleError as e:
        assert e.err_code == err_code, f"got {e.err_code}: {e.message}"
        return e
    raise AssertionError(f"expected {err_code}, got success")


@check("info: cluster agent, version >= 4.2.3")
def _():
    info = client().get_info()
    assert info.identity == "CLUSTER AGENT", info.identity
    assert info.version.startswith("4.5.0.0"), info.version
    assert info.is_obproxy_agent is False
    raw = requests.get(f"{BASE}/api/v1/info", timeout=10).json()["data"]
    assert raw["supportedAuth"] == ["v2"], raw


@check("full backup with plus_archive and encryption succeeds; body arrives byte-exact")
def _():
    cli = client()
    sent = {"mode": "full", "plus_archive": True, "encryption": ENCRYPTION}
    dag = cli.start_cluster_backup(mode="full", plus_archive=True, encryption=ENCRYPTION)
    assert dag.name == "Obcluster start full backup", dag.name
    dag = wait_finished(cli, dag.generic_id)
    assert dag.is_succeed(), str(dag)
    names = [n.name for n in dag.nodes]
    assert names == ["Check destination", "Open archive log", "Start backup", "Wait backup Finish"], names
    agents = [t.execute_agent for t in dag.nodes[0].sub_tasks]
    assert agents == ["10.0.0.1:2886", "10.0.0.2:2886", "10.0.0.3:2886"], agents
    assert any("backup finished" in line for line in dag.nodes[3].sub_tasks[0].task_logs)

    recorded = requests.get(f"{BASE}/__sim/backups", timeout=10).json()
    accepted = [r for r in recorded if r["accepted"] and r.get("dag_id") == dag.generic_id]
    assert len(accepted) == 1, recorded
    body = accepted[0]["body"]
    assert json.loads(body) == sent, body
    assert json.loads(body)["encryption"] == ENCRYPTION
    assert body == json.dumps(sent), body  # what the client encrypted, byte for byte


@check("backup overview lists completed tenants")
def _():
    overview = client().get_cluster_backup_overview()
    statuses = overview.statuses
    assert [s.tenant_id for s in statuses] == [1002, 1004], statuses
    assert all(s.status == "COMPLETED" for s in statuses), [s.status for s in statuses]
    assert all(s.finish_tablet_count == s.tablet_count for s in statuses)


@check("mode 'increment' is OB.Backup.Mode.Invalid")
def _():
    e = expect_error(lambda: client().start_cluster_backup(mode="increment"), "OB.Backup.Mode.Invalid")
    assert "must be full or incremental" in e.message, e.message


@check("wrong password is IncorrectOceanbasePassword")
def _():
    e = expect_error(
        lambda: client("wrong-password").get_unfinished_dags(),
        "Security.Authentication.IncorrectOceanbasePassword",
    )
    assert e.code == 10008, e.code


@check("fail-at-stage-3: the DAG fails with a log line, RETRY then succeeds")
def _():
    set_scenario("fail-at-stage-3")
    try:
        cli = client()
        dag = cli.start_cluster_backup(mode="incremental")
        dag = wait_finished(cli, dag.generic_id)
        assert dag.is_failed(), str(dag)
        assert dag.stage == 3, dag.stage
        try:
            cli.wait_dag_succeed(dag.generic_id)
            raise AssertionError("wait_dag_succeed did not raise")
        except TaskExecuteFailedError as e:
            assert "10.0.0.1:2886 ERROR: [MySQL.Error]" in e.message, e.message
        assert cli.operate_dag(dag.generic_id, "RETRY") is True
        dag = wait_finished(cli, dag.generic_id)
        assert dag.is_succeed() and dag.is_run(), str(dag)
        assert dag.nodes[2].sub_tasks[0].execute_times == 2
    finally:
        set_scenario("healthy")


@check("cancel ends FAILED/CANCEL")
def _():
    set_scenario("timeout-stage-4")  # a long stage 4 to cancel in
    try:
        cli = client()
        dag = cli.start_cluster_backup()
        cli.operate_dag(dag.generic_id, "CANCEL")
        dag = wait_finished(cli, dag.generic_id)
        assert dag.is_failed() and dag.is_cancel(), str(dag)
        try:
            cli.wait_dag_succeed(dag.generic_id)
        except TaskExecuteFailedError as e:
            assert "canceled" in e.message, e.message
    finally:
        set_scenario("healthy")


@check("unfinished DAGs leave out finished ones")
def _():
    assert client().get_unfinished_dags() == []


print(f"{RESULTS['passed']} passed, {RESULTS['failed']} failed")
sys.exit(1 if RESULTS["failed"] else 0)

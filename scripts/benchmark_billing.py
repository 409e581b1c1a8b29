# Run inside `odoo shell` by scripts/benchmark.sh (the variable `env` is Odoo's).
# ruff: noqa: F821
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta

from odoo import fields

N = int(os.environ.get("GOLF_BENCH_N", "10000"))
YEAR = fields.Date.today().year + 1
# The club's jobs run with the audit trail: the company's restrictive audit trail on and mail tracking on, as in
# the club's crons and screens (GOLF_BENCH_AUDIT_TRAIL=0: both off, to measure what the audit trail costs).
AUDIT_TRAIL = os.environ.get("GOLF_BENCH_AUDIT_TRAIL", "1") == "1"
jobs_env = env  # the billing run and the daily cron
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))  # the rest
if not AUDIT_TRAIL:
    jobs_env = env
company = env.company
company.restrictive_audit_trail = AUDIT_TRAIL
if not env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1):
    env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
if os.environ.get("GOLF_BENCH_REPORT_URL"):
    # wkhtmltopdf loads the reports' CSS from the benchmark's server (the daily cron prints the monthly
    # register report; the statements are printed by workers with cursors of their own)
    env["ir.config_parameter"].set_param("report.url", os.environ["GOLF_BENCH_REPORT_URL"])
    env.cr.commit()


def timed(label, function):
    queries_before = env.cr.sql_log_count
    start = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - start
    return result, elapsed, env.cr.sql_log_count - queries_before


# --- build the club -------------------------------------------------------------------------
start = time.perf_counter()
tier = env["golf.membership.type"].create({
    "name": "Gold", "code": "BENCH", "deposit_amount": 10000, "monthly_due": 1000, "dependent_monthly_due": 300,
})
partners = env["res.partner"].create([{"name": f"Member {i:05d}", "email": f"m{i}@example.com"} for i in range(N)])
today = fields.Date.today()
memberships = env["golf.membership"].with_context(golf_state_change=True).create([
    {"partner_id": partner.id, "type_id": tier.id, "price": 100000, "state": "active",
     "date_start": today - timedelta(days=400)}
    for partner in partners
])
relatives = env["res.partner"].create([{"name": f"Relative {i:05d}"} for i in range(2 * (N // 3))])
dependent_vals, index = [], 0
for number, membership in enumerate(memberships[: N // 3]):
    for relation in (["spouse", "child"] if number % 2 == 0 else ["spouse"]):
        dependent_vals.append({
            "membership_id": membership.id, "partner_id": relatives[index].id, "relation": relation,
            "birthdate": date(2015, 1, 1) if relation == "child" else date(1980, 1, 1),
            "date_application": today, "state": "active", "date_start": today - timedelta(days=300),
        })
        index += 1
env["golf.membership.dependent"].create(dependent_vals)
env.cr.commit()
print(f"built {N} memberships and {len(dependent_vals)} dependents in {time.perf_counter() - start:.1f} s")

# --- billing run ------------------------------------------------------------------------------
run = jobs_env["golf.billing.run"].create({"year": YEAR})
_dummy, elapsed, queries = timed("billing", run.action_run)
env.cr.commit()
billed = run.billed_count
audit_entries = env["mail.message"].search_count([
    ("model", "=", "account.move"), ("res_id", "in", run.invoice_ids.ids), ("message_type", "=", "notification"),
])
print(f"billing run: {billed} invoices in {elapsed:.1f} s = {billed / elapsed:.1f} invoices/s "
      f"(create and post), {queries / max(billed, 1):.1f} SQL queries per billed membership, "
      f"audit trail {'on' if AUDIT_TRAIL else 'off'} ({audit_entries} entries)")
if os.environ.get("GOLF_BENCH_RESULT"):
    with open(os.environ["GOLF_BENCH_RESULT"], "w") as result:  # for the side-by-side with OCA contract
        result.write(f"{billed / elapsed}\n")

# --- billing workers: Odoo servers whose cron workers claim the chunks of a run -------------------
# Each worker is an Odoo server sharing the database with --max-cron-threads=1 (one cron worker, a process
# of its own); the other scheduled actions are switched off meanwhile. A run of its own year each time.
ODOO_ARGS = [arg for arg in os.environ.get("GOLF_BENCH_ODOO_ARGS", "").split("\n") if arg]
WORKER_COUNTS = [int(n) for n in os.environ.get("GOLF_BENCH_WORKERS", "1,2").split(",") if n.strip()]
KILL = os.environ.get("GOLF_BENCH_KILL", "1") == "1"
Chunk = env["golf.billing.run.chunk"]


def query(sql, *params):
    """Read committed data: every poll is a transaction of its own (the workers commit meanwhile)."""
    env.cr.commit()
    env.cr.execute(sql, params)
    rows = env.cr.fetchall()
    env.cr.commit()
    return rows


def start_workers(count):
    workers = []
    for number in range(count):
        log = open(os.path.join(tempfile.gettempdir(), f"golf_bench_worker_{number + 1}.log"), "w")
        workers.append(subprocess.Popen(
            [sys.executable, "-m", "odoo", "server", *ODOO_ARGS, f"--database={env.cr.dbname}", "--no-http",
             "--max-cron-threads=1", "--limit-time-real=0", "--limit-time-real-cron=0", "--log-level=warn"],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        ))
    names = tuple(f"odoo-{worker.pid}" for worker in workers)
    deadline = time.monotonic() + 180
    # ready when each server's cron worker listens for the database's notifications
    while time.monotonic() < deadline:
        (ready,), = query("SELECT count(DISTINCT application_name) FROM pg_stat_activity "
                          "WHERE datname = 'postgres' AND application_name IN %s", names)
        if ready == count:
            return workers
        time.sleep(0.5)
    raise RuntimeError("the billing workers did not start (see golf_bench_worker_*.log)")


def stop_workers(workers):
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()


def bill_with_workers(year, count, kill=False):
    """Start ``count`` workers, start the run of ``year`` (split into chunks, workers woken) and wait until it
    is done; with ``kill``, SIGKILL the first worker while it bills a chunk."""
    workers = start_workers(count)
    killed = None
    try:
        run = env["golf.billing.run"].create({"year": year})
        run._apply_action("run")
        run._prepare_chunks()
        env.cr.commit()
        start = time.perf_counter()
        last_wake = start
        while True:
            ((state,),) = query("SELECT state FROM golf_billing_run WHERE id = %s", run.id)
            if state == "done":
                break
            if time.perf_counter() - start > 1800:
                raise RuntimeError(f"run {year} not done after 30 minutes")
            if kill and not killed:
                ((done,),) = query("SELECT count(*) FROM golf_billing_run_chunk WHERE run_id = %s "
                                   "AND date_done IS NOT NULL", run.id)
                busy = query("SELECT state FROM pg_stat_activity WHERE datname = %s AND application_name = %s "
                             "AND state IN ('active', 'idle in transaction')", env.cr.dbname, f"odoo-{workers[0].pid}")
                if done >= 2 and busy:
                    workers[0].send_signal(signal.SIGKILL)
                    killed = (workers[0].pid, done)
            if time.perf_counter() - last_wake > 1:
                # wake the cron workers (a worker whose time is spent triggers the others itself)
                Chunk._trigger_workers()
                env.cr.commit()
                last_wake = time.perf_counter()
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
    finally:
        stop_workers(workers)
    return run, elapsed, killed


def check_billed_once(year):
    ((posted, members, others),) = query(
        "SELECT count(*) FILTER (WHERE state = 'posted'), count(DISTINCT golf_membership_id) FILTER "
        "(WHERE state = 'posted'), count(*) FILTER (WHERE state != 'posted') FROM account_move "
        "WHERE golf_fee_type = 'dues' AND golf_billing_year = %s", year,
    )
    return posted == members == N and not others, posted, others


crons = env["ir.cron"].search([("active", "=", True), ("model_id.model", "!=", "golf.billing.run.chunk")])
crons.active = False
env.cr.commit()
try:
    for offset, count in enumerate(WORKER_COUNTS + ([2] if KILL else []), start=1):
        kill = KILL and offset == len(WORKER_COUNTS) + 1
        worker_run, elapsed, killed = bill_with_workers(YEAR + offset, count, kill=kill)
        once, posted, others = check_billed_once(YEAR + offset)
        if kill and not killed:
            print(f"SIGKILL: the run was done before a worker could be killed mid-chunk ({elapsed:.1f} s); "
                  f"every membership billed exactly once: {once}")
        elif kill:
            print(f"SIGKILL: worker pid {killed[0]} killed mid-chunk after {killed[1]} chunks done; the other worker "
                  f"finished the run in {elapsed:.1f} s; {posted} posted dues invoices, {others} others, "
                  f"every membership billed exactly once: {once}")
        else:
            print(f"billing run with {count} cron worker{'s' if count > 1 else ''}: {posted} invoices in {elapsed:.1f} s "
                  f"= {posted / elapsed:.1f} invoices/s (created and posted; from the run's start to done), "
                  f"every membership billed exactly once: {once}")
finally:
    env.invalidate_all()
    crons.active = True
    env.cr.commit()

# --- daily cron with 10 % overdue, then the notices job ---------------------------------
# The club's first daily run plans a visit for every member and sends the month's register report
# it is timed on its own. The daily run measured is the next one, of a club in its routine, when
# 10 % of the dues have fallen overdue.
_dummy, elapsed, queries = timed("first cron", jobs_env["golf.membership"]._cron_daily)
env.cr.commit()
print(f"first _cron_daily of the club over {N} memberships (plans {env['golf.service.visit'].search_count([])} "
      f"visits, sends the register report): {elapsed:.1f} s, {queries} SQL queries")
overdue = run.invoice_ids[: max(N // 10, 1)]
long_ago = today - timedelta(days=60)
env.cr.execute("UPDATE account_move SET invoice_date_due = %s WHERE id IN %s", (long_ago, tuple(overdue.ids)))
env.cr.execute("UPDATE account_move_line SET date_maturity = %s WHERE move_id IN %s AND date_maturity IS NOT NULL",
               (long_ago, tuple(overdue.ids)))
env.invalidate_all()
env.cr.commit()
if os.environ.get("GOLF_BENCH_DAILY_PROFILE"):
    # where the time of the daily job goes: each rule timed on its own, profile written to that file
    import cProfile
    import pstats

    from odoo.addons.golf_membership.models.golf_membership_daily import DAILY_RULES

    profiler = cProfile.Profile()
    Membership = jobs_env["golf.membership"]
    for model, method in DAILY_RULES:
        profiler.enable()
        _dummy, rule_time, rule_queries = timed(
            method, lambda model=model, method=method: Membership._run_daily_rule(company, model, method))
        profiler.disable()
        print(f"  {model}.{method}: {rule_time:.2f} s, {rule_queries} SQL queries")
    profiler.dump_stats(os.environ["GOLF_BENCH_DAILY_PROFILE"])
    pstats.Stats(os.environ["GOLF_BENCH_DAILY_PROFILE"]).sort_stats("cumulative").print_stats(40)
    env.cr.rollback()
_dummy, elapsed, queries = timed("cron", jobs_env["golf.membership"]._cron_daily)
env.cr.commit()
late_fees = env["account.move"].search_count([("golf_fee_type", "=", "late_fee")])
print(f"_cron_daily over {N} memberships with {len(overdue)} overdue: {elapsed:.1f} s, {late_fees} late fees, "
      f"{queries} SQL queries")
Notices = env["golf.notification.log"]
queued = Notices.search_count([("state", "=", "queued")])
# the notices job, which the daily rules wake, e-mails what they queued (late fee notices, payment reminders)
_dummy, elapsed, queries = timed("notices", jobs_env["golf.notification.log"]._cron_send_queued)
env.cr.commit()
print(f"notices job: the {queued} notices queued by the daily rules sent in {elapsed:.1f} s = "
      f"{queued / max(elapsed, 0.001):.1f} notices/s, {queries} SQL queries, "
      f"{Notices.search_count([('state', '=', 'failed')])} failed")
_dummy, elapsed2, _q = timed("cron again", jobs_env["golf.membership"]._cron_daily)
print(f"_cron_daily again the same day: {elapsed2:.1f} s, late fees still {env['account.move'].search_count([('golf_fee_type', '=', 'late_fee')])}")

# --- statements -------------------------------------------------------------------------------
printer = run.with_context(force_report_rendering=True)
printer._render_statements_pdf(run.invoice_ids[:1])  # warm-up: the server builds the report assets once
sample = run.invoice_ids[1:41]
merged, elapsed, _q = timed("pdf", lambda: printer._render_statements_pdf(sample))
print(f"statements: {len(sample)} PDFs in one batch in {elapsed:.1f} s = {len(sample) / elapsed:.1f} statements/s "
      f"({len(merged) // 1024} KiB)")
env.cr.rollback()

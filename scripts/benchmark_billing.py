# Run inside `odoo shell` by scripts/benchmark.sh (the variable `env` is Odoo's).
# ruff: noqa: F821
import os
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

# --- daily cron with 10 % overdue -----------------------------------------------------------
overdue = run.invoice_ids[: max(N // 10, 1)]
long_ago = today - timedelta(days=60)
env.cr.execute("UPDATE account_move SET invoice_date_due = %s WHERE id IN %s", (long_ago, tuple(overdue.ids)))
env.cr.execute("UPDATE account_move_line SET date_maturity = %s WHERE move_id IN %s AND date_maturity IS NOT NULL",
               (long_ago, tuple(overdue.ids)))
env.invalidate_all()
env.cr.commit()
_dummy, elapsed, queries = timed("cron", jobs_env["golf.membership"]._cron_daily)
env.cr.commit()
late_fees = env["account.move"].search_count([("golf_fee_type", "=", "late_fee")])
print(f"_cron_daily over {N} memberships with {len(overdue)} overdue: {elapsed:.1f} s, {late_fees} late fees, "
      f"{queries} SQL queries")
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

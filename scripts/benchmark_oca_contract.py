# Run inside `odoo shell` by scripts/benchmark.sh on a database with OCA `contract` installed (the variable `env`
# is Odoo's): the same club as scripts/benchmark_billing.py (N members, a third with one or two dependents, dues
# 1,000 a month and 300 a month per dependent) as yearly contracts, billed by `contract`'s own recurring cron,
# then posted as the golf billing run posts its invoices. Prints invoices per second and writes it to
# GOLF_BENCH_RESULT for the ratio.
# ruff: noqa: F821
import os
import time
from datetime import date

N = int(os.environ.get("GOLF_BENCH_N", "10000"))
YEAR = date.today().year + 1
AUDIT_TRAIL = os.environ.get("GOLF_BENCH_AUDIT_TRAIL", "1") == "1"  # as the golf billing run is measured
jobs_env = env  # the recurring cron
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, mail_notrack=True))  # the rest
if not AUDIT_TRAIL:
    jobs_env = env
company = env.company
company.restrictive_audit_trail = AUDIT_TRAIL
if not env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1):
    env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)

start = time.perf_counter()
dues = env["product.product"].create({"name": "Yearly Dues", "type": "service", "list_price": 1000,
                                        "taxes_id": [(6, 0, [])]})  # golf dues carry no tax
dependent_dues = env["product.product"].create({"name": "Dependent Dues", "type": "service", "list_price": 300,
                                                  "taxes_id": [(6, 0, [])]})
journal = env["account.journal"].search([("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
partners = env["res.partner"].create([{"name": f"Member {i:05d}", "email": f"m{i}@example.com"} for i in range(N)])


def contract_lines(number):
    lines = [(0, 0, {"product_id": dues.id, "name": f"Dues {YEAR}", "quantity": 12, "price_unit": 1000})]
    if number < N // 3:
        dependents = 2 if number % 2 == 0 else 1
        lines += [(0, 0, {"product_id": dependent_dues.id, "name": f"Dependent dues {YEAR}", "quantity": 12,
                          "price_unit": 300})] * dependents
    return lines


contracts = env["contract.contract"].create([{
    "name": f"Membership {number:05d}", "partner_id": partner.id, "journal_id": journal.id,
    "recurring_rule_type": "yearly", "recurring_interval": 1, "recurring_invoicing_type": "pre-paid",
    "date_start": date(YEAR, 1, 1), "recurring_next_date": date(YEAR, 1, 1),
    "contract_line_fixed_ids": contract_lines(number),
} for number, partner in enumerate(partners)])
env.cr.commit()
print(f"OCA contract: built {N} yearly contracts in {time.perf_counter() - start:.1f} s")

Move = jobs_env["account.move"]
before = set(Move.search([("move_type", "=", "out_invoice")]).ids)
queries_before = env.cr.sql_log_count
start = time.perf_counter()
jobs_env["contract.contract"].cron_recurring_create_invoice(date_ref=date(YEAR, 1, 1))
created = time.perf_counter() - start
invoices = Move.search([("move_type", "=", "out_invoice"), ("id", "not in", list(before))])
invoices.action_post()
env.cr.commit()
elapsed = time.perf_counter() - start
queries = env.cr.sql_log_count - queries_before
total = sum(invoices.mapped("amount_total"))
rate = len(invoices) / elapsed
print(f"OCA contract recurring cron: {len(invoices)} invoices created in {created:.1f} s, created and posted in "
      f"{elapsed:.1f} s = {rate:.1f} invoices/s, {queries / max(len(invoices), 1):.1f} SQL queries per invoice, "
      f"total {total:,.0f}, audit trail {'on' if AUDIT_TRAIL else 'off'}")
if os.environ.get("GOLF_BENCH_RESULT"):
    with open(os.environ["GOLF_BENCH_RESULT"], "w") as result:
        result.write(f"{rate}\n")

from contextlib import closing, nullcontext
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import GolfMembershipCommon

# What the comparison reads of each dues invoice and of each of its journal items and analytic items.
MOVE_FIELDS = (
    "name", "date", "invoice_date", "invoice_date_due", "journal_id", "partner_id", "commercial_partner_id",
    "fiscal_position_id", "currency_id", "payment_reference", "invoice_payment_term_id", "invoice_origin",
    "invoice_user_id", "state", "payment_state", "amount_untaxed", "amount_tax", "amount_total",
    "amount_residual", "inalterable_hash", "secure_sequence_number", "sequence_prefix", "sequence_number",
    "golf_fee_type", "golf_billing_year", "auto_post", "checked",
)
LINE_FIELDS = (
    "display_type", "sequence", "name", "account_id", "partner_id", "product_id", "product_uom_id", "quantity",
    "price_unit", "discount", "price_subtotal", "price_total", "debit", "credit", "balance", "amount_currency",
    "currency_id", "currency_rate", "amount_residual", "amount_residual_currency", "reconciled", "date",
    "date_maturity", "analytic_distribution", "tax_ids", "tax_line_id", "tax_tag_ids", "tax_base_amount",
    "tax_repartition_line_id", "extra_tax_data", "is_storno", "deductible_amount", "discount_date",
    "discount_amount_currency", "discount_balance", "matching_number", "ref", "move_name", "parent_state",
    "journal_id", "company_id", "golf_dependent_id",
)
ANALYTIC_FIELDS = ("name", "account_id", "amount", "unit_amount", "partner_id", "general_account_id", "date")


def plain(record, names):
    """The values of ``names`` of ``record`` as plain Python values that outlive a rollback."""
    values = {}
    for name in names:
        value = record[name]
        field = record._fields[name]
        if field.type == "many2one":
            value = value.id
        elif field.type in ("one2many", "many2many"):
            value = sorted(value.ids)
        values[name] = value
    return values


@tagged("post_install", "-at_install")
class TestBillingFastPath(GolfMembershipCommon):
    """Issue 12: untaxed dues are written with their journal items directly (the fast path of the billing run,
    R-6.2); they must be the journal items Odoo's standard invoice computation writes, whatever the company's
    accounting settings. Each test bills the same memberships through both paths, rolling back in between."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Membership = cls.env["golf.membership"]
        Partner = cls.env["res.partner"]
        # Active memberships straight away: the superuser's path for imports of history.
        cls.family = Membership.create({
            "partner_id": cls.applicant.id, "type_id": cls.tier_gold.id, "phase_id": cls.phase.id, "state": "active",
        })
        spouse, child = Partner.create([{"name": "Wang Fang"}, {"name": "Zhang Xiaoming"}])
        cls.env["golf.membership.dependent"].create([
            {"membership_id": cls.family.id, "partner_id": spouse.id, "relation": "spouse", "state": "active",
             "birthdate": date(1985, 5, 1)},
            {"membership_id": cls.family.id, "partner_id": child.id, "relation": "child", "state": "active",
             "birthdate": date(2015, 6, 1)},
        ])
        # absent from 10 March to 10 September 2027, April to August are exempt: 7 months billed.
        cls.absent = Membership.create({
            "partner_id": Partner.create({"name": "Liu Yang", "lang": "en_US"}).id, "type_id": cls.tier_gold.id,
            "phase_id": cls.phase.id, "state": "absent",
        })
        cls.env["golf.membership.dependent"].create({
            "membership_id": cls.absent.id, "partner_id": Partner.create({"name": "Chen Min"}).id,
            "relation": "spouse", "state": "active", "birthdate": date(1980, 1, 1),
        })
        cls.env["golf.membership.absence"].create({
            "membership_id": cls.absent.id, "date_request": date(2026, 11, 2), "date_from": date(2027, 3, 10),
            "date_to": date(2027, 9, 10), "reason": "Posted abroad", "documents_received": True,
            "state": "approved",
        })
        cls.corporate = Membership.create({
            "partner_id": cls.company_holder.id, "nominee_id": cls.nominee.id, "type_id": cls.tier_corporate.id,
            "phase_id": cls.phase.id, "state": "active",
        })
        cls.memberships = cls.family | cls.absent | cls.corporate
        cls.dues_product = cls.company._golf_product("dues")
        cls.income = cls.dues_product.product_tmpl_id._get_product_accounts()["income"]
        cls.sale_journal = cls.company_data["default_journal_sale"]

    # ------------------------------------------------------------------ helpers

    def bill(self, standard=False, **run_values):
        """Run the billing of 2027 through the fast path (``standard=False``: checked to be the path taken) or
        through Odoo's standard invoice computation, and return what it wrote; everything is rolled back."""
        Run = self.env["golf.billing.run"]
        force_standard = patch.object(type(Run), "_direct_billing_values", return_value=None)
        with closing(self.env.cr.savepoint()), force_standard if standard else nullcontext():
            run = Run.with_user(self.finance).create({"year": 2027, **run_values})
            if not standard:
                self.assertIsNotNone(run._direct_billing_values(), "the fast path bills these dues")
            run.action_run()
            self.env.flush_all()
            self.assertEqual(run.state, "done")
            self.assertEqual(run.invoice_ids.golf_membership_id, self.memberships)
            return self.billed_values(run.invoice_ids)

    def hash_integrity(self):
        """The integrity report's status of each secured sequence of the sale journal."""
        results = self.company._check_hash_integrity()["results"]
        return {result["journal_name"]: result["status"] for result in results
                if result["journal_name"].startswith(self.sale_journal.name)}

    def billed_values(self, invoices):
        """Per membership: the invoice, its journal items and their analytic items, as plain values."""
        values = {}
        for invoice in invoices:
            values[invoice.golf_membership_id.id] = {
                # the hash covers the ids of the journal items, which differ from one run to the other
                "invoice": {**plain(invoice, MOVE_FIELDS), "inalterable_hash": bool(invoice.inalterable_hash)},
                "hash_integrity": self.hash_integrity() if invoice.restrict_mode_hash_table else None,
                "lines": [
                    {**plain(line, LINE_FIELDS),
                     "analytic": sorted((plain(item, ANALYTIC_FIELDS) for item in line.analytic_line_ids),
                                        key=lambda item: (item["account_id"], item["amount"]))}
                    for line in invoice.line_ids.sorted(lambda line: (line.display_type, line.name or "", line.id))
                ],
            }
        return values

    def assertSamePaths(self, **run_values):
        """The fast path writes what the standard path writes; returns those values."""
        standard = self.bill(standard=True, **run_values)
        fast = self.bill(**run_values)
        for membership in self.memberships:
            standard_invoice, fast_invoice = standard[membership.id], fast[membership.id]
            self.assertEqual(fast_invoice["invoice"], standard_invoice["invoice"], membership.display_name)
            self.assertEqual(len(fast_invoice["lines"]), len(standard_invoice["lines"]), membership.display_name)
            for fast_line, standard_line in zip(fast_invoice["lines"], standard_invoice["lines"]):
                self.assertEqual(fast_line, standard_line, f"{membership.display_name}: {standard_line['name']}")
        return fast

    def lines(self, values, membership, display_type="product"):
        return [line for line in values[membership.id]["lines"] if line["display_type"] == display_type]

    # ------------------------------------------------------------------ the same journal items

    @freeze_time("2026-11-20")
    def test_same_journal_items(self):
        """A member with two dependents, an absent member billed 7 months and a company: both paths write the
        same invoices, numbers, journal items, amounts, dates and labels."""
        values = self.assertSamePaths()
        family = values[self.family.id]
        self.assertEqual(family["invoice"]["amount_total"], 12 * 1000.0 + 2 * 12 * 300.0)
        self.assertEqual(family["invoice"]["invoice_date_due"], date(2026, 12, 31))
        self.assertEqual(values[self.absent.id]["invoice"]["amount_total"], 7 * 1000.0 + 7 * 300.0)
        corporate = values[self.corporate.id]
        self.assertEqual(corporate["invoice"]["partner_id"], self.company_holder.id)
        self.assertEqual(corporate["invoice"]["amount_total"], 12 * 1500.0)
        (receivable,) = self.lines(values, self.corporate, "payment_term")
        self.assertEqual(receivable["name"], corporate["invoice"]["name"])
        self.assertEqual(receivable["date_maturity"], date(2026, 12, 31))

    @freeze_time("2026-12-05")
    def test_sale_lock_date(self):
        """Dues dated in a period closed for sales are booked on the first open day, the invoice date stays."""
        self.company.sale_lock_date = date(2026, 11, 30)
        values = self.assertSamePaths(date_invoice=date(2026, 11, 20))
        for membership in self.memberships:
            invoice = values[membership.id]["invoice"]
            self.assertEqual(invoice["invoice_date"], date(2026, 11, 20))
            self.assertEqual(invoice["date"], date(2026, 12, 5))
            self.assertEqual(invoice["state"], "posted")
            self.assertEqual({line["date"] for line in values[membership.id]["lines"]}, {date(2026, 12, 5)})

    @freeze_time("2026-12-05")
    def test_hard_lock_date(self):
        """The same with the hard lock date: nothing is booked on or before it."""
        self.company.hard_lock_date = date(2026, 11, 30)
        values = self.assertSamePaths(date_invoice=date(2026, 11, 20))
        self.assertEqual({values[m.id]["invoice"]["date"] for m in self.memberships}, {date(2026, 12, 5)})

    @freeze_time("2026-11-20")
    def test_hash_restricted_sale_journal(self):
        """Dues posted in a journal secured on posting are hashed as they are posted, and the integrity report
        verifies the chain."""
        self.sale_journal.restrict_mode_hash_table = True
        values = self.assertSamePaths()
        for membership in self.memberships:
            self.assertTrue(values[membership.id]["invoice"]["inalterable_hash"])
            self.assertEqual(set(values[membership.id]["hash_integrity"].values()), {"verified"})

    @freeze_time("2026-11-20")
    def test_analytic_distribution_model(self):
        """An analytic distribution model for the dues product and a customer: the dues lines of that customer
        carry its distribution and post their analytic items, the others none."""
        plan = self.env["account.analytic.plan"].create({"name": "Club"})
        analytic = self.env["account.analytic.account"].create({"name": "Membership dues", "plan_id": plan.id})
        self.env["account.analytic.distribution.model"].create({
            "product_id": self.dues_product.id,
            "partner_id": self.applicant.id,
            "analytic_distribution": {str(analytic.id): 100},
        })
        values = self.assertSamePaths()
        member_line, *dependent_lines = sorted(self.lines(values, self.family),
                                               key=lambda line: line["product_id"] != self.dues_product.id)
        self.assertEqual(member_line["analytic_distribution"], {str(analytic.id): 100})
        self.assertEqual([item["amount"] for item in member_line["analytic"]], [12000.0])
        self.assertEqual(len(dependent_lines), 2)
        self.assertFalse(any(line["analytic_distribution"] for line in dependent_lines))
        self.assertFalse(self.lines(values, self.corporate)[0]["analytic_distribution"])

    @freeze_time("2026-11-20")
    def test_fiscal_position_maps_income_account(self):
        """A fiscal position of the company member maps the dues income and the receivable: both are used."""
        other_income = self.income.copy({"code": "709100", "name": "Dues of foreign companies"})
        other_receivable = self.company_data["default_account_receivable"].copy({"code": "121900"})
        position = self.env["account.fiscal.position"].create({
            "name": "Foreign companies",
            "account_ids": [
                Command.create({"account_src_id": self.income.id, "account_dest_id": other_income.id}),
                Command.create({"account_src_id": self.company_data["default_account_receivable"].id,
                                "account_dest_id": other_receivable.id}),
            ],
        })
        self.company_holder.property_account_position_id = position
        values = self.assertSamePaths()
        self.assertEqual(values[self.corporate.id]["invoice"]["fiscal_position_id"], position.id)
        self.assertEqual({line["account_id"] for line in self.lines(values, self.corporate)}, {other_income.id})
        self.assertEqual([line["account_id"] for line in self.lines(values, self.corporate, "payment_term")],
                         [other_receivable.id])
        self.assertEqual({line["account_id"] for line in self.lines(values, self.family)}, {self.income.id})

    # ------------------------------------------------------------------ taxed dues: the standard path

    def assertStandardPathTaxes(self, tax, membership, base):
        """The run takes Odoo's standard path; ``membership``'s dues bear ``tax`` with its tax line."""
        run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2027})
        self.assertIsNone(run._direct_billing_values())
        run.action_run()
        invoice = run.invoice_ids.filtered(lambda move: move.golf_membership_id == membership)
        self.assertEqual(invoice.invoice_line_ids.tax_ids, tax)
        tax_line = invoice.line_ids.filtered("tax_line_id")
        self.assertEqual(tax_line.tax_line_id, tax)
        self.assertEqual(tax_line.account_id, self.company_data["default_account_tax_sale"])
        self.assertEqual(tax_line.tax_base_amount, -base)  # a sale: credited, like the base
        self.assertEqual(tax_line.balance, -base * tax.amount / 100)
        self.assertEqual(invoice.amount_total, base * (1 + tax.amount / 100))
        receivable = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(receivable.balance, invoice.amount_total)
        return invoice

    @freeze_time("2026-11-20")
    def test_taxed_dues_product(self):
        """A sales tax on the dues product: Odoo computes the invoices, with their tax lines."""
        tax = self.company_data["default_tax_sale"]
        self.dues_product.taxes_id = tax
        invoice = self.assertStandardPathTaxes(tax, self.corporate, 12 * 1500.0)
        self.assertEqual(invoice.amount_tax, 18000.0 * tax.amount / 100)

    @freeze_time("2026-11-20")
    def test_fiscal_position_maps_tax(self):
        """A fiscal position replacing the dues product's tax: the replacing tax is applied."""
        tax = self.env["account.tax"].create({"name": "VAT 6%", "amount": 6.0, "type_tax_use": "sale"})
        export_tax = self.env["account.tax"].create({
            "name": "VAT 0% export", "amount": 0.0, "type_tax_use": "sale", "original_tax_ids": [Command.set(tax.ids)],
        })
        self.dues_product.taxes_id = tax
        position = self.env["account.fiscal.position"].create({
            "name": "Export", "tax_ids": [Command.set(export_tax.ids)],
        })
        self.company_holder.property_account_position_id = position
        run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2027})
        self.assertIsNone(run._direct_billing_values())
        run.action_run()
        corporate = run.invoice_ids.filtered(lambda move: move.golf_membership_id == self.corporate)
        self.assertEqual(corporate.invoice_line_ids.tax_ids, export_tax)
        self.assertEqual(corporate.amount_total, 18000.0)
        family = run.invoice_ids.filtered(lambda move: move.golf_membership_id == self.family)
        self.assertEqual(family.amount_tax, 720.0)

    @freeze_time("2026-11-20")
    def test_fiscal_position_maps_to_taxed_account(self):
        """A fiscal position mapping the dues income to an account taxed by default (a tax the position
        keeps): the tax applies to that customer's dues, so Odoo computes the invoices."""
        tax = self.company_data["default_tax_sale"]
        taxed_income = self.income.copy({"code": "709200", "name": "Taxed dues", "tax_ids": [Command.set(tax.ids)]})
        position = self.env["account.fiscal.position"].create({
            "name": "Taxed dues",
            "account_ids": [Command.create({"account_src_id": self.income.id, "account_dest_id": taxed_income.id})],
            "tax_ids": [Command.set(tax.ids)],
        })
        self.company_holder.property_account_position_id = position
        invoice = self.assertStandardPathTaxes(tax, self.corporate, 12 * 1500.0)
        self.assertEqual(invoice.invoice_line_ids.account_id, taxed_income)

    # ------------------------------------------------------------------ late fees take the same fast path

    def late_fees(self, standard=False):
        """Run the daily late fees (R-6.3) through the fast path or Odoo's standard invoice computation and
        return what they wrote, per membership; everything is rolled back."""
        Move = self.env["account.move"]
        force_standard = patch.object(type(Move), "_golf_direct_values", return_value=None)
        with closing(self.env.cr.savepoint()), force_standard if standard else nullcontext():
            if not standard:
                self.assertIsNotNone(Move._golf_direct_values(self.company._golf_product("late_fee")))
            Move._cron_golf_late_fees()
            self.env.flush_all()
            late_fees = Move.search([("golf_fee_type", "=", "late_fee")])
            self.assertEqual(late_fees.golf_membership_id, self.memberships)
            return self.billed_values(late_fees)

    @freeze_time("2026-11-20")
    def test_late_fees_same_journal_items(self):
        """R-6.3: the late fees of the daily job, 5 % of each unpaid dues invoice, are written directly with
        the journal items, numbers, amounts and dates of Odoo's standard path."""
        self.company.write({"golf_late_fee_days": 30, "golf_late_fee_amount": 0.0, "golf_late_fee_percent": 5.0})
        self.env["golf.billing.run"].create({"year": 2027}).action_run()
        with freeze_time("2027-02-15"):
            standard = self.late_fees(standard=True)
            fast = self.late_fees()
        self.assertEqual(fast, standard)
        family = fast[self.family.id]["invoice"]
        self.assertEqual(family["amount_total"], 0.05 * (12 * 1000.0 + 2 * 12 * 300.0))
        self.assertEqual((family["invoice_date"], family["invoice_date_due"]), (date(2027, 2, 15), date(2027, 2, 15)))
        self.assertEqual(family["state"], "posted")

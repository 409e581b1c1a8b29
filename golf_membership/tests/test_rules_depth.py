"""The club's rules in full depth: R-1.3 / R-1.4 (deposit before approval, balance due after the deposit),
R-1.8 (a phase's total quota across tiers), R-1.11 / R-6.5 (the contract's instalment schedule), R-7.1
(children turning 19, the tier's maximum number of children)."""

from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import GolfMembershipCommon


@tagged("post_install", "-at_install")
class TestRulesDepth(GolfMembershipCommon):
    def _activities(self, record, xmlid):
        activity_type = self.env.ref(xmlid)
        return record.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _receivables(self, invoice):
        return invoice.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable").sorted(
            lambda line: (line.date_maturity, line.id)
        )

    # ------------------------------------------------------------------ deposit and approval

    def test_r1_4_balance_due_seven_days_after_deposit_not_after_approval(self):
        """R-1.4 (缴付定金…后的7天内): deposit paid on 4 March, approved on 20 March: the balance is due on
        11 March, on the invoice and on the file."""
        with freeze_time("2026-03-02"):
            membership = self.submitted_membership()
        with freeze_time("2026-03-04"):
            self.pay_as(self.finance, membership.deposit_invoice_id)
        self.assertTrue(membership.deposit_received)
        self.assertEqual(membership.date_deposit_paid, date(2026, 3, 4))
        with freeze_time("2026-03-20"):
            self.approve(membership)
        self.assertEqual(membership.date_approved, date(2026, 3, 20))
        self.assertEqual(membership.date_balance_due, date(2026, 3, 11))
        self.assertEqual(membership.balance_invoice_id.invoice_date_due, date(2026, 3, 11))

    def test_r1_3_approval_refused_without_deposit(self):
        """R-1.3 / R-1.4: the director cannot approve an application whose deposit has not arrived."""
        with freeze_time("2026-03-02"):
            membership = self.submitted_membership()
        self.assertFalse(membership.with_user(self.director).can_approve)
        with self.assertRaisesRegex(UserError, "deposit"):
            membership.with_user(self.director).action_approve()
        self.assertEqual(membership.state, "submitted")
        self.assertFalse(membership.balance_invoice_id)
        self.assertFalse(membership.date_balance_due)

    def test_r1_3_finance_confirms_funds(self):
        """R-1.3: finance checks the money received; the approver sees who did and when."""
        with freeze_time("2026-03-02"):
            membership = self.submitted_membership()
        fee_check = "golf_membership.mail_act_golf_fee_check"
        self.assertFalse(membership.with_user(self.finance).can_confirm_funds, "nothing received yet")
        with self.assertRaisesRegex(UserError, "not been received"):
            membership.with_user(self.finance).action_confirm_funds()
        with freeze_time("2026-03-03"):
            self.pay_as(self.finance, membership.deposit_invoice_id)
        self.assertEqual(len(self._activities(membership, fee_check)), 1, "paying is not checking")
        for user in (self.clerk, self.director, self.committee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                membership.with_user(user).action_confirm_funds()
        self.assertTrue(membership.with_user(self.finance).can_confirm_funds)
        with freeze_time("2026-03-04"):
            membership.with_user(self.finance).action_confirm_funds()
        self.assertEqual(membership.funds_confirmed_by_id, self.finance)
        self.assertEqual(membership.date_funds_confirmed, date(2026, 3, 4))
        self.assertFalse(self._activities(membership, fee_check))
        self.assertTrue(membership.message_ids.filtered(lambda m: "Finance confirmed the funds" in (m.body or "")))
        with self.assertRaisesRegex(UserError, "already confirmed"):
            membership.with_user(self.finance).action_confirm_funds()
        self.assertTrue(membership.with_user(self.director).can_approve)

    def test_r1_3_management_authorises_approval_without_deposit(self):
        """R-1.3: approving without the deposit takes club management's recorded authorisation (who, when, why);
        the director may not give it. The balance then runs from the approval."""
        with freeze_time("2026-03-02"):
            membership = self.submitted_membership()
        self.assertFalse(membership.with_user(self.director).can_override_deposit)
        with self.assertRaises(AccessError):
            membership.with_user(self.director).action_override_deposit(reason="Old friend of the chairman")
        with self.assertRaisesRegex(UserError, "reason"):
            membership.with_user(self.manager).action_override_deposit(reason=" ")
        self.assertTrue(membership.with_user(self.manager).can_override_deposit)
        with freeze_time("2026-03-05"):
            membership.with_user(self.manager).action_override_deposit(reason="Transfer announced by the bank")
        self.assertRecordValues(membership, [{
            "deposit_override_by_id": self.manager.id,
            "date_deposit_override": date(2026, 3, 5),
            "deposit_override_reason": "Transfer announced by the bank",
            "state": "submitted",
        }])
        self.assertTrue(membership.message_ids.filtered(lambda m: "Transfer announced by the bank" in (m.body or "")))
        with self.assertRaisesRegex(UserError, "already authorised"):
            membership.with_user(self.manager).action_override_deposit(reason="Again")
        with freeze_time("2026-03-06"):
            membership.with_user(self.director).action_approve()
        self.assertEqual(membership.state, "approved")
        self.assertEqual(membership.date_balance_due, date(2026, 3, 13))
        self.assertEqual(membership.deposit_invoice_id.payment_state, "not_paid")
        # The deposit arrives after the approval: finance still confirms it.
        with freeze_time("2026-03-09"):
            self.pay(membership.deposit_invoice_id)
            membership.with_user(self.finance).action_confirm_funds()
        self.assertEqual(membership.date_funds_confirmed, date(2026, 3, 9))

    def test_r1_3_override_refused_once_deposit_received(self):
        """R-1.3: with the deposit received there is nothing to authorise."""
        membership = self.submitted_membership()
        self.pay(membership.deposit_invoice_id)
        self.assertFalse(membership.with_user(self.manager).can_override_deposit)
        with self.assertRaisesRegex(UserError, "has been received"):
            membership.with_user(self.manager).action_override_deposit(reason="No need")

    def test_r1_3_override_fields_written_only_by_the_action(self):
        """R-1.3: the authorisation and finance's check are written by their actions only, for every user."""
        membership = self.submitted_membership()
        forged = {
            "deposit_override_by_id": self.manager.id, "date_deposit_override": "2026-03-01",
            "deposit_override_reason": "forged", "funds_confirmed_by_id": self.finance.id,
            "date_funds_confirmed": "2026-03-01",
        }
        for name, value in forged.items():
            with self.subTest(field=name), self.assertRaises(UserError):
                membership.with_user(self.manager).write({name: value})
        with self.assertRaises(UserError):
            self.env["golf.membership"].with_user(self.manager).create({
                "partner_id": self.applicant.id, "type_id": self.tier_gold.id, "phase_id": self.phase.id,
                "deposit_override_by_id": self.manager.id,
            })
        self.assertFalse(membership.deposit_override_by_id)
        with self.assertRaisesRegex(UserError, "deposit"):
            membership.with_user(self.director).action_approve()

    # ------------------------------------------------------------------ total quota of a phase

    def test_r1_8_phase_sold_out_on_total_quota_while_a_tier_has_places(self):
        """R-1.8: 200 a phase in any mix of tiers: the phase is sold out once its total is sold, though gold
        still has places; the next application is refused; head office is asked to approve the report."""
        self.phase.with_user(self.manager).write({"total_quota": 2})
        self.assertEqual((self.phase.quota_total, self.phase.remaining_total), (2, 2))
        with freeze_time("2026-03-02"):
            first, second, third = (
                self.submitted_membership(partner_id=self.env["res.partner"].create({"name": name}).id)
                for name in ("Qin", "Han", "Tang")
            )
            self.approve(first)
            self.assertEqual(self.phase.state, "open")
            self.pay(third.deposit_invoice_id)
            self.approve(second)
        line_gold = self.phase.line_ids.filtered(lambda line: line.type_id == self.tier_gold)
        self.assertEqual((line_gold.quota, line_gold.sold_count, line_gold.remaining_count), (5, 2, 3))
        self.assertEqual(self.phase.state, "sold_out")
        self.assertEqual(self.phase.date_sold_out, date(2026, 3, 2))
        self.assertEqual((self.phase.sold_total, self.phase.remaining_total), (2, 0))
        self.assertEqual(len(self._activities(self.phase, "golf_membership.mail_act_golf_phase_sold_out")), 1)
        with self.assertRaisesRegex(UserError, "open sales phase"):
            third.with_user(self.director).action_approve()
        self.assertEqual(third.state, "submitted")

    def test_r1_8_total_quota_checked_at_approval(self):
        """R-1.8: the total quota is checked at approval even while the phase is open (management lowered the
        total on sale to what is sold)."""
        with freeze_time("2026-03-02"):
            first = self.approved_membership()
            second = self.submitted_membership(partner_id=self.env["res.partner"].create({"name": "Han"}).id)
            self.pay(second.deposit_invoice_id)
        self.phase.with_user(self.manager).write({"total_quota": 1})
        self.assertEqual(first.state, "approved")
        with self.assertRaisesRegex(UserError, "sold all its 1 places"):
            second.with_user(self.director).action_approve()
        self.assertEqual(second.state, "submitted")

    def test_r1_8_total_quota_rules(self):
        """R-1.8: management sets the total; no one else; never negative; fixed once the phase is sold out."""
        with self.assertRaises(AccessError):
            self.phase.with_user(self.director).write({"total_quota": 200})
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.env.cr.savepoint():
            self.phase.with_user(self.manager).write({"total_quota": -1})
            self.phase.flush_recordset()
        self.phase.invalidate_recordset()
        self.phase.with_user(self.manager).write({"total_quota": 1})
        with freeze_time("2026-03-02"):
            self.approved_membership()
        self.assertEqual(self.phase.state, "sold_out")
        with self.assertRaises(UserError):
            self.phase.with_user(self.manager).write({"total_quota": 200})

    # ------------------------------------------------------------------ the contract's schedule

    def _contract_membership(self, schedule, **values):
        """A membership paid by the contract's schedule: [(date, 'percent' | 'fixed', value)]."""
        return self.create_membership(
            payment_mode="installment", installment_plan="contract",
            installment_line_ids=[
                Command.create({"date_due": due, "value": kind, "value_amount": value}) for due, kind, value in schedule
            ],
            **values,
        )

    def test_r1_11_contract_percentage_schedule(self):
        """R-1.11 / R-6.5: 30% on 1 April, 30% on 1 July, 40% on 1 October of a balance of 100,000: three
        instalments of 30,000, 30,000 and 40,000 on those dates, adding up to the balance."""
        with freeze_time("2026-03-02"):
            membership = self._contract_membership([
                (date(2026, 7, 1), "percent", 30.0), (date(2026, 4, 1), "percent", 30.0),
                (date(2026, 10, 1), "percent", 40.0),
            ])
            self.assertEqual(membership.installment_count, 3)
            self.submit(membership)
            self.receive_documents(membership)
        with freeze_time("2026-03-10"):
            self.approve(membership)
        balance = membership.balance_invoice_id
        self.assertEqual(balance.amount_total, 100000.0)  # 90,000 + 10 months x 1,000
        receivables = self._receivables(balance)
        self.assertEqual(receivables.mapped("date_maturity"), [date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1)])
        self.assertEqual(receivables.mapped("balance"), [30000.0, 30000.0, 40000.0])
        self.assertEqual(sum(receivables.mapped("balance")), balance.amount_total)
        self.assertTrue(balance.invoice_payment_term_id.golf_installment_key)
        # the first instalment starts the membership.
        with freeze_time("2026-03-28"):
            self.pay(balance, amount=30000.0)
        self.assertEqual(membership.state, "active")

    def test_r1_11_contract_amounts_the_last_takes_the_rest(self):
        """R-1.11: an amount of 60,000 on 1 May, the rest on 1 September; a date already past at approval
        falls due on the day of the invoice."""
        with freeze_time("2026-03-02"):
            membership = self._contract_membership([
                (date(2026, 3, 1), "fixed", 20000.0), (date(2026, 5, 1), "fixed", 60000.0),
                (date(2026, 9, 1), "fixed", 1.0),
            ])
            self.submit(membership)
            self.receive_documents(membership)
        with freeze_time("2026-03-10"):
            self.approve(membership)
        receivables = self._receivables(membership.balance_invoice_id)
        self.assertEqual(receivables.mapped("date_maturity"), [date(2026, 3, 10), date(2026, 5, 1), date(2026, 9, 1)])
        self.assertEqual(receivables.mapped("balance"), [20000.0, 60000.0, 20000.0])

    def test_r1_11_contract_schedule_refusals(self):
        """R-1.11: a schedule of one line, percentages not adding up to 100%, amounts taking the whole balance
        are refused; the schedule is fixed once the application is submitted."""
        with freeze_time("2026-03-02"):
            with self.assertRaisesRegex(ValidationError, "at least two"):
                self._contract_membership([(date(2026, 4, 1), "percent", 100.0)])
            ninety = self._contract_membership([
                (date(2026, 4, 1), "percent", 50.0), (date(2026, 5, 1), "percent", 40.0),
            ], partner_id=self.env["res.partner"].create({"name": "Ninety"}).id)
            with self.assertRaisesRegex(UserError, "100%"):
                self.submit(ninety)
            self.assertEqual(ninety.state, "draft")
            too_much = self._contract_membership([
                (date(2026, 4, 1), "fixed", 100000.0), (date(2026, 5, 1), "percent", 10.0),
            ], partner_id=self.env["res.partner"].create({"name": "Too Much"}).id)
            self.submit(too_much)
            self.receive_documents(too_much)
            self.pay(too_much.deposit_invoice_id)
            with self.assertRaisesRegex(UserError, "whole balance"):
                too_much.with_user(self.director).action_approve()
            self.assertEqual(too_much.state, "submitted")
            with self.assertRaisesRegex(UserError, "can no longer be changed"):
                too_much.installment_line_ids[0].with_user(self.clerk).write({"value_amount": 50000.0})
            with self.assertRaises(ValidationError):
                self._contract_membership([
                    (date(2026, 4, 1), "percent", 150.0), (date(2026, 5, 1), "percent", 10.0),
                ], partner_id=self.env["res.partner"].create({"name": "Over"}).id)

    # ------------------------------------------------------------------ children turning 19

    def _child(self, membership, birthdate, name="Zhang Xiaoming", approve=True):
        dependent = self.env["golf.membership.dependent"].with_user(self.clerk).create({
            "membership_id": membership.id,
            "partner_id": self.env["res.partner"].create({"name": name}).id,
            "relation": "child",
            "birthdate": birthdate,
        })
        if approve:
            dependent.with_user(self.clerk).action_submit()
            dependent.document_ids.write({"received": True})
            dependent.with_user(self.director).action_review()
            dependent.with_user(self.manager).action_approve()
        return dependent

    def _run_and_pay(self, year):
        """The yearly dues run of ``year``, paid by the member (no suspension for dues meanwhile)."""
        run = self.env["golf.billing.run"].with_user(self.finance).create({"year": year})
        run.action_run()
        for invoice in run.invoice_ids:
            self.pay(invoice)
        return run

    def _child_dues(self, membership, dependent, year):
        lines = membership.invoice_ids.filtered(lambda m: m.golf_billing_year == year).invoice_line_ids
        return sum(lines.filtered(lambda line: line.golf_dependent_id == dependent).mapped("quantity"))

    def test_r7_1_child_turning_19_leaves_at_the_end_of_the_billed_year(self):
        """R-7.1: a child born on 15 July 2008 turns 19 mid-2027: member services are asked to tell the
        member 30 days before; the child is billed for 2027, stays a dependent until 31 December 2027, is
        not billed for 2028 and leaves on the first daily run of 2028."""
        with freeze_time("2026-03-02"):
            membership = self.active_membership()
            child = self._child(membership, date(2008, 7, 15))
        self.assertEqual(child.date_leaving, date(2027, 12, 31))
        with freeze_time("2026-11-20"):
            self._run_and_pay(2027)
        self.assertEqual(self._child_dues(membership, child, 2027), 12)

        todo = self.env.ref("mail.mail_activity_data_todo")
        with freeze_time("2027-06-14"):
            self.env["golf.membership"]._cron_daily()
        self.assertFalse(child.activity_ids.filtered(lambda a: a.activity_type_id == todo))
        with freeze_time("2027-06-15"):
            self.env["golf.membership"]._cron_daily()
            self.env["golf.membership"]._cron_daily()
        notice = child.activity_ids.filtered(lambda a: a.activity_type_id == todo)
        self.assertEqual(len(notice), 1)
        self.assertTrue(notice.user_id.has_group("golf_membership.group_golf_clerk"))
        self.assertEqual(notice.date_deadline, date(2027, 7, 14))
        self.assertIn("2027", notice.note)
        self.assertEqual(child.date_age_notice, date(2027, 6, 15))
        self.assertTrue(membership.message_ids.filtered(lambda m: "turns 19" in (m.body or "")))
        notice.action_feedback(feedback="Told the member by phone.")
        with freeze_time("2027-06-16"):
            self.env["golf.membership"]._cron_daily()
        self.assertFalse(child.activity_ids.filtered(lambda a: a.activity_type_id == todo), "told once")

        with freeze_time("2027-11-20"):
            self._run_and_pay(2028)
        self.assertEqual(self._child_dues(membership, child, 2028), 0, "not billed for the next year")
        self.assertTrue(membership.invoice_ids.filtered(lambda m: m.golf_billing_year == 2028), "the member is")
        with freeze_time("2027-12-31"):
            self.env["golf.membership"]._cron_daily()
        self.assertEqual(child.state, "active", "a dependent until the end of 31 December")
        with freeze_time("2028-01-01"):
            self.env["golf.membership"]._cron_daily()
        self.assertEqual(child.state, "cancelled")
        self.assertEqual(child.date_end, date(2027, 12, 31))

    def test_r7_1_child_leaves_on_the_birthday_when_so_configured(self):
        """R-7.1 (configurable): leaving on the 19th birthday, the child is billed for 2027 up to July."""
        self.company.golf_child_leave = "birthday"
        with freeze_time("2026-03-02"):
            membership = self.active_membership()
            child = self._child(membership, date(2008, 7, 15))
        self.assertEqual(child.date_leaving, date(2027, 7, 14))
        with freeze_time("2026-11-20"):
            self._run_and_pay(2027)
        self.assertEqual(self._child_dues(membership, child, 2027), 7)
        with freeze_time("2027-07-14"):
            self.env["golf.membership"]._cron_daily()
        self.assertEqual(child.state, "active")
        with freeze_time("2027-07-15"):
            self.env["golf.membership"]._cron_daily()
        self.assertEqual(child.state, "cancelled")
        self.assertEqual(child.date_end, date(2027, 7, 14))

    def test_r7_1_tier_maximum_children(self):
        """R-7.1: the tier allows two children: a third is refused with a clear message; the spouse does not
        count; a cancelled child's place is free again."""
        self.tier_gold.max_dependents = 2
        with freeze_time("2026-03-02"):
            membership = self.active_membership()
            first = self._child(membership, date(2012, 1, 1), "Child One", approve=False)
            self._child(membership, date(2014, 1, 1), "Child Two", approve=False)
            spouse = self.env["golf.membership.dependent"].with_user(self.clerk).create({
                "membership_id": membership.id, "partner_id": self.env["res.partner"].create({"name": "Li"}).id,
                "relation": "spouse", "birthdate": date(1985, 5, 1),
            })
            self.assertEqual(spouse.state, "draft")
            with self.assertRaisesRegex(ValidationError, "at most 2 children"), self.env.cr.savepoint():
                self._child(membership, date(2016, 1, 1), "Child Three", approve=False)
            membership.invalidate_recordset(["dependent_ids"])
            first.with_user(self.supervisor).action_cancel()
            third = self._child(membership, date(2016, 1, 1), "Child Three", approve=False)
        self.assertEqual(third.state, "draft")

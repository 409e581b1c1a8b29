from datetime import date
from xmlrpc.client import Fault

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .changes_common import GolfChangesCommon

ACTIVITY_CARD_RETURN = "golf_membership.mail_act_golf_card_return"
ACTIVITY_CARD_OVERDUE = "golf_membership.mail_act_golf_card_overdue"


@tagged("post_install", "-at_install")
class TestReservedMembership(GolfChangesCommon):
    """R-12.2 (保留会籍): a membership kept without rights and without dues, at the member's request. The
    marketing director reserves it, the member-services supervisor reinstates it; while it is reserved the
    dependents have no rights, the cards are handed in, the yearly run does not bill it and the daily rules
    leave it alone."""

    def setUp(self):
        super().setUp()
        # Monday 3 March 2025: the member joined and paid everything that day.
        self.enterContext(freeze_time("2025-03-03"))
        self.membership = self.active_membership()
        self.cards = self.hand_over(self.membership)
        self.dependent = self.add_dependent(self.membership)
        self.cards |= self.hand_over(self.membership, card_types=("dependent",))

    def reserve(self, membership=None, reason="Retired; keeps the membership without rights."):
        """The director's button: the reason wizard, then the action."""
        membership = (membership or self.membership).with_user(self.director)
        action = membership.with_context(golf_action="reserve").action_open_reason_wizard()
        wizard = self.env[action["res_model"]].with_user(self.director).with_context(**action["context"]).create(
            {"reason": reason}
        )
        self.assertEqual(wizard.action, "reserve")
        wizard.action_confirm()
        return membership

    # ------------------------------------------------------------------ who may

    def test_director_reserves_supervisor_reinstates(self):
        """R-12.2: the director reserves (the dues are waived), a clerk or a supervisor may not; the supervisor
        lifts the reservation, a clerk may not. The buttons show exactly that."""
        membership = self.membership
        self.assertTrue(membership.with_user(self.director).can_reserve)
        for user in (self.clerk, self.supervisor):
            self.assertFalse(membership.with_user(user).can_reserve)
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                membership.with_user(user).action_reserve()
        self.assertEqual(membership.state, "active")

        self.reserve()
        self.assertEqual(membership.state, "reserved")
        self.assertEqual(membership.date_reserved, date(2025, 3, 3))
        self.assertIn("Retired", membership.message_ids[0].body)
        self.assertFalse(membership.with_user(self.director).can_reserve)
        self.assertFalse(membership.with_user(self.clerk).can_reinstate)
        self.assertTrue(membership.with_user(self.supervisor).can_reinstate)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            membership.with_user(self.clerk).action_reinstate()
        self.assertEqual(membership.state, "reserved")

        membership.with_user(self.supervisor).action_reinstate(reason="Back from retirement abroad.")
        self.assertEqual(membership.state, "active")
        self.assertFalse(membership.date_reserved)
        self.assertIn("Back from retirement", membership.message_ids[0].body)

    def test_only_active_memberships_are_reserved(self):
        """'active' <-> 'reserved' only: not an approved application, not a suspended membership."""
        approved = self.approved_membership(partner_id=self.env["res.partner"].create({"name": "Qian Li"}).id)
        self.membership.with_user(self.supervisor).action_suspend(reason="Unpaid charges")
        for membership in (approved, self.membership):
            with self.assertRaises(UserError):
                membership.with_user(self.director).action_reserve()
        self.assertEqual((approved.state, self.membership.state), ("approved", "suspended"))

    def test_reserve_refused_while_overdue(self):
        """R-12.2 with R-9.3: what is overdue is paid first; an absence pending is decided first."""
        invoice = self.owe(self.membership)
        with freeze_time("2025-03-10"):
            with self.assertRaisesRegex(UserError, "overdue"):
                self.membership.with_user(self.director).action_reserve()
            self.assertEqual(self.membership.state, "active")
            self.pay(invoice)
            absence = self.env["golf.membership.absence"].with_user(self.clerk).create({
                "membership_id": self.membership.id, "date_from": date(2025, 4, 1), "date_to": date(2025, 12, 1),
                "reason": "Abroad", "documents_received": True,
            })
            absence.with_user(self.clerk).action_submit()
            with self.assertRaisesRegex(UserError, "absence"):
                self.membership.with_user(self.director).action_reserve()
            absence.with_user(self.director).action_reject()
            self.reserve()
        self.assertEqual(self.membership.state, "reserved")

    def test_forged_writes_refused(self):
        """Only the actions move a membership to 'reserved': a write of the state or of the date, even by the
        management, is refused."""
        for vals in ({"state": "reserved"}, {"date_reserved": "2025-03-03"}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self.membership.with_user(self.manager).write(vals)
        self.assertEqual(self.membership.state, "active")
        self.assertFalse(self.membership.date_reserved)

    # ------------------------------------------------------------------ dependents and cards

    def test_dependents_and_cards_without_rights_then_restored(self):
        """R-12.2 with R-9.5 / R-9.6: the dependents lose their rights with the member and member services
        collect the cards; on reinstatement the dependents have their rights again and new cards are made
        for those handed in."""
        member_card = self.cards.filtered(lambda c: c.card_type == "member")
        dependent_card = self.cards.filtered(lambda c: c.card_type == "dependent")
        self.reserve()
        self.assertEqual(self.dependent.state, "suspended")
        activity = self.membership.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(ACTIVITY_CARD_RETURN))
        self.assertEqual(len(activity), 1)
        self.assertIn(member_card.number, str(activity.note))
        self.assertIn(dependent_card.number, str(activity.note))
        # No dependent card is added to a reserved membership.
        other = self.env["golf.membership.dependent"].create({
            "membership_id": self.membership.id, "partner_id": self.env["res.partner"].create({"name": "Zhao Lei"}).id,
            "relation": "child", "birthdate": date(2015, 5, 1),
        })
        with self.assertRaises(UserError):
            other.with_user(self.clerk).action_submit()

        with freeze_time("2025-03-05"):
            self.return_cards(self.membership)
        self.assertEqual(set(self.cards.mapped("state")), {"returned"})

        with freeze_time("2025-09-01"):
            self.membership.with_user(self.supervisor).action_reinstate()
            self.assertEqual(self.membership.state, "active")
            self.assertEqual(self.dependent.state, "active")
            new_cards = self.membership.card_ids.filtered(lambda c: c.replaced_card_id in self.cards)
            self.assertEqual(new_cards.replaced_card_id, member_card | dependent_card)
            self.assertEqual(set(new_cards.mapped("state")), {"to_issue"})
            self.assertEqual(set(new_cards.mapped("date_due")), {date(2025, 9, 1)})
            self.assertEqual(new_cards.filtered(lambda c: c.card_type == "dependent").dependent_id, self.dependent)
            self.assertFalse(self.membership.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref(ACTIVITY_CARD_RETURN)))

    def test_withdraw_while_reserved(self):
        """A reserved member may still resign (R-12.1): the dependents' cards end with the membership."""
        self.reserve()
        self.membership.with_user(self.manager).action_withdraw(reason="Moved away for good.")
        self.assertEqual(self.membership.state, "historical")
        self.assertEqual(self.membership.historical_reason, "withdrawn")
        self.assertEqual(self.dependent.state, "cancelled")

    # ------------------------------------------------------------------ dues and daily rules

    def _run(self, year):
        run = self.env["golf.billing.run"].with_user(self.finance).create({"year": year})
        run.action_run()
        return run

    def _dues(self, membership, year):
        return membership.invoice_ids.filtered(lambda m: m.golf_fee_type == "dues" and m.golf_billing_year == year)

    def test_billing_run_skips_reserved(self):
        """R-12.2 / R-6.2: a reserved membership is not billed and the run still ends; reinstated, it is
        billed by "Bill New Members" on the done run."""
        other = self.active_membership(partner_id=self.env["res.partner"].create({"name": "Chen Jie"}).id)
        self.reserve()
        with freeze_time("2025-11-20"):
            run = self._run(2026)
            self.assertEqual(run.state, "done")
            self.assertTrue(self._dues(other, 2026))
            self.assertFalse(self._dues(self.membership, 2026))
            self.assertEqual(run.billed_count, 1)
            self.assertNotIn(self.membership, run.line_ids.membership_id)
            self.membership.with_user(self.supervisor).action_reinstate()
            run.with_user(self.finance).action_run()
            self.assertEqual(run.state, "done")
            dues = self._dues(self.membership, 2026)
            self.assertEqual(len(dues), 1)
            self.assertEqual(dues.amount_total, 12 * 1000.0 + 12 * 300.0, "the member and the dependent again")

    def test_daily_rules_leave_reserved_alone(self):
        """Dues billed before the reservation stay due (R-6.4), but no daily rule acts on a reserved
        membership: no suspension for dues (R-6.3), no late fee, no card reminder, no visit planned."""
        with freeze_time("2025-11-20"):
            self._run(2026)
        dues = self._dues(self.membership, 2026)
        self.assertTrue(dues)
        with freeze_time("2025-12-01"):
            self.reserve()
        for day in ("2026-02-01", "2026-07-30"):
            with freeze_time(day):
                self.run_cron()
        self.assertEqual(self.membership.state, "reserved")
        self.assertFalse(self.membership.suspended_for_dues)
        self.assertEqual(self.dependent.state, "suspended")
        self.assertFalse(dues.golf_late_fee_ids)
        self.assertFalse(self.membership.card_ids.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(ACTIVITY_CARD_OVERDUE)))
        self.assertFalse(self.env["golf.service.visit"].search([
            ("membership_id", "=", self.membership.id), ("state", "=", "planned"),
        ]))

    # ------------------------------------------------------------------ rights refused, register

    def test_reserved_member_has_no_rights(self):
        """Without rights: the prepaid account cannot be charged (R-2.3), the membership cannot be transferred
        (R-4.1); a change of address is still filed (R-10.1). Reinstated, the account is charged again."""
        signer = self.env["res.partner"].create({"name": "Signer Chen"})
        account = self.env["golf.prepaid.account"].sudo().create({
            "membership_id": self.membership.id, "signer_ids": [Command.set(signer.ids)], "state": "active",
            "credit_limit": 100.0,
        })
        charge = self.env["golf.prepaid.charge"].with_user(self.clerk).create({
            "account_id": account.id, "description": "Lunch", "amount": 10.0, "signer_id": signer.id,
        })
        self.reserve()
        with self.assertRaisesRegex(UserError, "reserved"):
            charge.with_user(self.clerk).action_post()
        self.assertEqual(charge.state, "draft")
        transfer = self.env["golf.membership.transfer"].with_user(self.clerk).create({
            "membership_id": self.membership.id, "transferee_id": self.transferee.id,
            "date_effective": date(2025, 6, 1),
        })
        with self.assertRaises(UserError):
            transfer.with_user(self.clerk).action_submit()
        request = self.env["golf.membership.change.request"].with_user(self.clerk).create({
            "membership_id": self.membership.id, "new_city": "Shenzhen",
        })
        request.with_user(self.clerk).action_submit()
        self.assertEqual(request.state, "submitted")
        self.membership.with_user(self.supervisor).action_reinstate()
        charge.with_user(self.clerk).action_post()
        self.assertEqual(charge.state, "posted")

    def test_register_report_counts_reserved(self):
        """R-12.3: the monthly report counts reserved memberships in their own column; they are members."""
        self.active_membership(partner_id=self.env["res.partner"].create({"name": "Chen Jie"}).id)
        self.reserve()
        report = self.env["golf.membership.register.report"].with_user(self.director).create(
            {"year": 2025, "month": "3"}
        )
        report.action_generate()
        counts = {(line.type_id, line.state): line.count for line in report.state_line_ids}
        self.assertEqual(counts, {(self.tier_gold, "active"): 1, (self.tier_gold, "reserved"): 1})
        self.assertEqual(report.member_count, 2)
        table = report._count_table()
        self.assertIn("Reserved", table["states"])
        self.assertEqual(table["rows"][0]["counts"][table["states"].index("Reserved")], 1)
        self.assertEqual(self.membership.partner_id.golf_member_state, "reserved")


@tagged("post_install", "-at_install")
class TestReservedMembershipRpc(GolfChangesCommon, HttpCase):
    """R-12.2 through the external API: only the action reserves a membership."""

    def setUp(self):
        super().setUp()
        self.membership = self.active_membership()

    def test_forged_write_refused_through_rpc(self):
        """Through the external API (XML-RPC ``execute_kw``) as an integrator's script: a write of
        state='reserved' or a create in 'reserved' is refused and nothing changes; the action is the way."""
        def execute(user, method, *args, **kwargs):
            return self.xmlrpc_object.execute_kw(
                self.env.cr.dbname, user.id, user.login, "golf.membership", method, list(args), kwargs,
            )

        self.env.cr.flush()
        for vals in ({"state": "reserved"}, {"state": "reserved", "date_reserved": "2025-03-03"}):
            for context in ({}, {"golf_state_change": True}):
                with self.subTest(vals=vals, context=context):
                    with mute_logger("odoo.http"), self.assertRaises(Fault):
                        execute(self.manager, "write", [self.membership.id], vals, context=context)
                    self.membership.invalidate_recordset()
                    self.assertEqual(self.membership.state, "active")
                    self.assertFalse(self.membership.date_reserved)
        applicant = self.env["res.partner"].create({"name": "Qian Li"})
        self.env.cr.flush()
        before = self.env["golf.membership"].search_count([])
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            execute(self.clerk, "create", [{"partner_id": applicant.id, "type_id": self.tier_gold.id,
                                            "phase_id": self.phase.id, "state": "reserved"}])
        self.assertEqual(self.env["golf.membership"].search_count([]), before)
        with mute_logger("odoo.http"), self.assertRaises(Fault):
            execute(self.clerk, "action_reserve", [self.membership.id])
        execute(self.director, "action_reserve", [self.membership.id])
        self.membership.invalidate_recordset()
        self.assertEqual(self.membership.state, "reserved")

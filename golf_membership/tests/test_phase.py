from freezegun import freeze_time
from psycopg2.errors import CheckViolation

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import GolfMembershipCommon


@tagged("post_install", "-at_install")
class TestGolfMembershipPhase(GolfMembershipCommon):
    """R-1.8: memberships are sold in numbered phases with a price and a quota per tier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.line_gold = cls.phase.line_ids.filtered(lambda line: line.type_id == cls.tier_gold)
        cls.line_corporate = cls.phase.line_ids.filtered(lambda line: line.type_id == cls.tier_corporate)
        cls.phase_2 = cls.env["golf.membership.phase"].with_user(cls.manager).create({
            "name": "Phase 2",
            "sequence": 2,
            "line_ids": [
                Command.create({"type_id": cls.tier_gold.id, "price": 130000.0, "quota": 10}),
                Command.create({"type_id": cls.tier_corporate.id, "price": 260000.0, "quota": 10}),
            ],
        })

    def set_quotas(self, gold, corporate):
        self.line_gold.with_user(self.manager).quota = gold
        self.line_corporate.with_user(self.manager).quota = corporate

    def corporate_membership(self):
        return self.create_membership(
            partner_id=self.company_holder.id, nominee_id=self.nominee.id, type_id=self.tier_corporate.id
        )

    def sold_out_activities(self, phase):
        return phase.activity_ids.filtered(
            lambda act: act.activity_type_id == self.env.ref("golf_membership.mail_act_golf_phase_sold_out")
        )

    def test_price_from_phase_line(self):
        """R-1.8: a new membership is sold in the open phase at the phase's price of its tier."""
        gold = self.create_membership()
        self.assertEqual(gold.phase_id, self.phase, "The open phase is the default phase")
        self.assertEqual(gold.price, 100000.0, "Priced from the phase line, not the tier's entrance fee")
        corporate = self.corporate_membership()
        self.assertEqual(corporate.price, 200000.0)
        gold.with_user(self.clerk).phase_id = self.phase_2
        self.assertEqual(gold.price, 130000.0, "Changing the phase reprices the membership")

    def test_submit_refused_when_phase_not_open(self):
        """R-1.8: nothing is sold in a phase that is not open."""
        membership = self.create_membership(phase_id=self.phase_2.id)
        with self.assertRaisesRegex(UserError, "open sales phase"):
            membership.with_user(self.clerk).action_submit()
        self.assertEqual(membership.state, "draft")
        self.assertFalse(membership.deposit_invoice_id)

    @freeze_time("2025-03-03")
    def test_submit_refused_when_quota_used_up(self):
        """R-1.8: once the quota of a tier is sold, no new application of that tier is filed."""
        self.set_quotas(gold=1, corporate=3)
        self.approved_membership()
        membership = self.create_membership()
        with self.assertRaisesRegex(UserError, "quota"):
            membership.with_user(self.clerk).action_submit()
        self.assertEqual(membership.state, "draft")
        self.assertFalse(membership.deposit_invoice_id)

    @freeze_time("2025-03-03")
    def test_sold_count_and_remaining(self):
        """R-1.8: only approved (and later) memberships use the quota."""
        self.assertEqual((self.line_gold.sold_count, self.line_gold.remaining_count), (0, 5))
        self.approved_membership()
        self.approved_membership()
        self.submitted_membership()
        rejected = self.submitted_membership()
        rejected.with_user(self.director).action_reject()
        self.line_gold.invalidate_recordset()
        self.assertEqual(self.line_gold.sold_count, 2, "Submitted and rejected applications do not count")
        self.assertEqual(self.line_gold.remaining_count, 3)
        self.assertEqual((self.line_corporate.sold_count, self.line_corporate.remaining_count), (0, 3))
        self.phase.invalidate_recordset()
        self.assertEqual((self.phase.quota_total, self.phase.sold_total), (8, 2))

    @freeze_time("2025-03-03")
    def test_archived_membership_keeps_its_place(self):
        """R-1.8 / R-12.4: archiving a sold membership's file does not put its place back on sale."""
        self.set_quotas(gold=1, corporate=3)
        sold = self.approved_membership()
        sold.with_user(self.clerk).action_archive()
        self.line_gold.invalidate_recordset()
        self.assertEqual((self.line_gold.sold_count, self.line_gold.remaining_count), (1, 0))
        with self.assertRaisesRegex(UserError, "quota"):
            self.create_membership().with_user(self.clerk).action_submit()

    def test_counts_readable_without_membership_access(self):
        """Anyone who may read the phases sees what is sold, without reading the member files."""
        self.approved_membership()
        accountant = new_test_user(
            self.env, login="golf_plain_accountant", groups="base.group_user,account.group_account_invoice",
            company_id=self.company.id, company_ids=[Command.set(self.company.ids)],
        )
        line = self.line_gold.with_user(accountant)
        self.assertEqual((line.sold_count, line.remaining_count), (1, 4))

    @freeze_time("2025-03-03")
    def test_sold_out_and_head_office_approval(self):
        """R-1.8: the approval that sells the last place of every tier reports the phase to head office;
        the next phase opens only after head office approves."""
        self.set_quotas(gold=1, corporate=1)
        self.approved_membership()
        self.assertEqual(self.phase.state, "open", "The corporate quota is not sold yet")
        self.assertFalse(self.sold_out_activities(self.phase))

        corporate = self.approve(self.receive_documents(self.submit(self.corporate_membership())))
        self.assertEqual(corporate.state, "approved")
        self.assertEqual(self.phase.state, "sold_out")
        self.assertEqual(str(self.phase.date_sold_out), "2025-03-03")
        activity = self.sold_out_activities(self.phase)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.activity_type_id.name, "Golf: Approve Sold-out Phase")
        self.assertTrue(
            activity.user_id.has_group("golf_membership.group_golf_manager"),
            "Head office (a golf manager) approves the sold-out phase",
        )

        # While sold out and not approved, the next phase cannot open.
        with self.assertRaisesRegex(UserError, "still on sale"):
            self.phase_2.with_user(self.manager).action_open()
        self.assertEqual(self.phase_2.state, "draft")

        # Only management / head office approves the sold-out phase.
        with self.assertRaises(AccessError):
            self.phase.with_user(self.director).action_approve_sold_out()
        self.assertEqual(self.phase.state, "sold_out")

        self.phase.with_user(self.manager).action_approve_sold_out()
        self.assertEqual(self.phase.state, "closed")
        self.assertEqual(str(self.phase.date_closed), "2025-03-03")
        self.assertFalse(self.sold_out_activities(self.phase), "The head office activity is done")

        self.phase_2.with_user(self.manager).action_open()
        self.assertEqual(self.phase_2.state, "open")
        new = self.env["golf.membership"].with_user(self.clerk).create({
            "partner_id": self.applicant.id, "type_id": self.tier_gold.id,
        })
        self.assertEqual(new.phase_id, self.phase_2, "New applications go to the open phase")
        self.assertEqual(new.price, 130000.0)

    @freeze_time("2025-03-03")
    def test_approval_beyond_quota_refused(self):
        """R-1.8: two applications filed for the last place: the second approval is refused, nothing changes."""
        self.set_quotas(gold=1, corporate=3)
        first = self.submitted_membership()
        second = self.submitted_membership()
        self.approve(first)
        self.pay(second.deposit_invoice_id)
        with self.assertRaisesRegex(UserError, "quota"):
            second.with_user(self.director).action_approve()
        self.assertEqual(second.state, "submitted")
        self.assertFalse(second.balance_invoice_id)
        self.assertFalse(second.date_approved)
        self.assertFalse(second.card_ids)
        self.assertEqual(self.line_gold.sold_count, 1)
        self.assertEqual(self.phase.state, "open")

    def test_open_refused_while_other_phase_open(self):
        """R-1.8: one phase on sale at a time per company."""
        with self.assertRaisesRegex(UserError, "still on sale"):
            self.phase_2.with_user(self.manager).action_open()
        self.assertEqual(self.phase_2.state, "draft")
        # Closing the running phase early lets the next one open.
        self.phase.with_user(self.manager).action_close()
        self.phase_2.with_user(self.manager).action_open()
        self.assertEqual(self.phase_2.state, "open")

    def test_only_manager_opens_phase(self):
        self.phase.with_user(self.manager).action_close()
        with self.assertRaises(AccessError):
            self.phase_2.with_user(self.director).action_open()
        self.assertEqual(self.phase_2.state, "draft")

    def test_approve_sold_out_requires_sold_out_phase(self):
        with self.assertRaises(UserError):
            self.phase.with_user(self.manager).action_approve_sold_out()
        self.assertEqual(self.phase.state, "open")

    def test_only_unused_draft_phase_deleted(self):
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.phase.with_user(self.manager).unlink()
        self.assertTrue(self.phase.exists())
        self.phase_2.with_user(self.manager).unlink()
        self.assertFalse(self.phase_2.exists())

    def test_negative_price_refused(self):
        with self.assertRaises(CheckViolation), mute_logger("odoo.sql_db"):
            self.line_gold.with_user(self.manager).price = -1.0
            self.env.flush_all()

    def test_negative_quota_refused(self):
        with self.assertRaises(CheckViolation), mute_logger("odoo.sql_db"):
            self.line_gold.with_user(self.manager).quota = -1
            self.env.flush_all()

    # ------------------------------------------------------------------ no way around management

    def test_phase_starts_as_draft(self):
        """R-1.8: a phase is opened by its button only; nobody creates one open or sold out."""
        values = {"name": "Phase 3", "sequence": 3}
        with self.assertRaises(UserError):  # not even a draft for a clerk (AccessError)
            self.env["golf.membership.phase"].with_user(self.clerk).create(dict(values, state="open"))
        Phase = self.env["golf.membership.phase"].with_user(self.manager).with_context(golf_state_change=True)
        for forged in ({"state": "open"}, {"state": "closed"}, {"date_open": "2025-03-03"}):
            with self.assertRaises(UserError):
                Phase.create(dict(values, **forged))
        self.assertFalse(self.env["golf.membership.phase"].search([("name", "=", "Phase 3")]))

    def test_state_written_by_the_actions_only(self):
        """R-1.8: neither a clerk nor management writes the state or the dates of a phase by hand."""
        with self.assertRaises(UserError):
            self.phase_2.with_user(self.clerk).with_context(golf_state_change=True).write({"state": "open"})
        for forged in ({"state": "open"}, {"date_open": "2025-03-03"}, {"date_closed": "2025-03-03"}):
            with self.assertRaises(UserError):
                self.phase_2.with_user(self.manager).with_context(golf_state_change=True).write(forged)
        with self.assertRaises(UserError):
            self.phase.with_user(self.manager).write({"state": "draft"})
        self.assertEqual((self.phase.state, self.phase_2.state), ("open", "draft"))
        self.assertFalse(self.phase_2.date_open)

    def test_buttons_follow_the_groups(self):
        """R-1.8: only management sees the phase buttons, and only when the step is possible."""
        def allowed(phase, field):
            return {key for key, user in self.users.items() if phase.with_user(user)[field]}

        self.assertEqual(allowed(self.phase_2, "can_open"), set(), "Phase 1 is still on sale")
        self.assertEqual(allowed(self.phase, "can_close"), {"manager"})
        self.assertEqual(allowed(self.phase, "can_approve_sold_out"), set())
        self.phase.with_user(self.manager).action_close()
        self.phase_2.invalidate_recordset()
        self.assertEqual(allowed(self.phase_2, "can_open"), {"manager"})

    def test_closed_phase_prices_frozen(self):
        """R-1.8: the prices and quotas a closed phase sold at are sales history."""
        self.phase.with_user(self.manager).action_close()
        with self.assertRaisesRegex(UserError, "closed"):
            self.line_gold.with_user(self.manager).price = 1.0
        with self.assertRaisesRegex(UserError, "closed"):
            self.line_gold.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "closed"):
            self.env["golf.membership.phase.line"].with_user(self.manager).create({
                "phase_id": self.phase.id, "type_id": self.env["golf.membership.type"].create({
                    "name": "Silver", "code": "SILV", "kind": "individual", "entrance_fee": 1.0,
                }).id, "price": 1.0,
            })
        self.assertEqual((self.line_gold.price, len(self.phase.line_ids)), (100000.0, 2))

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .changes_common import GolfChangesCommon


@tagged("post_install", "-at_install")
class TestDailyJobs(GolfChangesCommon):
    """The daily rules run each on its own, for each company: one that fails does not stop the others, and
    that company's management is told."""

    def test_failing_rule_does_not_stop_the_others(self):
        with freeze_time("2025-03-03"):
            membership = self.active_membership()
        card = membership.card_ids.filtered(lambda c: c.card_type == "member")

        def broken(records):
            raise ValueError("The storage slots table is locked")

        Storage = type(self.env["golf.bag.storage"])
        with freeze_time("2025-06-30"), patch.object(Storage, "_cron_bag_storage", broken), \
                mute_logger("odoo.addons.golf_membership.models.golf_membership"):
            self.run_cron()

        # A rule before the broken one (R-1.7 card deadlines) and one after it (R-11.3 visits) were applied.
        overdue = self.env.ref("golf_membership.mail_act_golf_card_overdue")
        self.assertIn(overdue, card.activity_ids.activity_type_id)
        self.assertTrue(self.env["golf.service.visit"].search([
            ("membership_id", "=", membership.id), ("state", "=", "planned"),
        ]))
        failure = self.company.partner_id.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("golf_membership.mail_act_golf_daily_failure")
        )
        self.assertEqual(len(failure), 1)
        self.assertIn("golf.bag.storage._cron_bag_storage", str(failure.note))
        self.assertIn("locked", str(failure.note))

    def test_rule_failing_for_one_company_is_applied_for_the_others(self):
        """R-6.6: a club whose accounting is not set up (no sales journal) cannot invoice the renewal of an
        expired bag storage; the same rule still expires and renews the storage of the other club, and only
        the failing club's management is told."""
        second = self.env["res.company"].create({"name": "Second Golf Club"})
        second_manager = new_test_user(
            self.env, login="second_manager", groups="golf_membership.group_golf_manager",
            company_id=second.id, company_ids=[Command.set(second.ids)],
        )
        customer = self.env["res.partner"].create({"name": "Zhou Min"})
        # A member of the second club, active since before (imported history, as superuser).
        tier = self.env["golf.membership.type"].create({
            "name": "Second Gold", "code": "SGOLD", "kind": "individual", "company_id": second.id,
            "monthly_due": 1000.0,
        })
        member = self.env["golf.membership"].create({
            "partner_id": customer.id, "type_id": tier.id, "company_id": second.id, "phase_id": False,
            "state": "active", "date_start": date(2024, 1, 1),
        })
        ours, theirs = self.env["golf.bag.storage"].create([
            {"partner_id": customer.id, "company_id": company.id, "slot": "A-01", "fee": 1200.0,
             "date_start": date(2024, 6, 1), "date_end": date(2025, 5, 31)}
            for company in (self.company, second)
        ])
        with freeze_time("2025-06-20"), mute_logger("odoo.addons.golf_membership.models.golf_membership"):
            self.run_cron()

        self.assertEqual(ours.state, "expired")
        self.assertEqual(ours.renewal_invoice_id.state, "posted")
        self.assertEqual(ours.renewal_invoice_id.amount_total, 1200.0)
        self.assertEqual(theirs.state, "active", "the failing rule was rolled back for the second club")
        self.assertFalse(theirs.renewal_invoice_id)
        failure_type = self.env.ref("golf_membership.mail_act_golf_daily_failure")
        failures = second.partner_id.activity_ids.filtered(lambda a: a.activity_type_id == failure_type)
        self.assertEqual(len(failures), 1)
        self.assertEqual(failures.user_id, second_manager)
        self.assertIn("golf.bag.storage._cron_bag_storage", str(failures.note))
        self.assertFalse(self.company.partner_id.activity_ids.filtered(lambda a: a.activity_type_id == failure_type))
        # A later rule was applied to the second club all the same (R-11.3: a visit planned for its member).
        self.assertTrue(self.env["golf.service.visit"].search([
            ("membership_id", "=", member.id), ("state", "=", "planned"),
        ]))

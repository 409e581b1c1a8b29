from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .changes_common import GolfChangesCommon


@tagged("post_install", "-at_install")
class TestDailyJobs(GolfChangesCommon):
    """The daily rules run each on its own: one that fails does not stop the others, and management is told."""

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

from freezegun import freeze_time

from odoo.tests import tagged

from .common import GolfMembershipCommon


@tagged("post_install", "-at_install")
class TestBillingQueries(GolfMembershipCommon):
    """Issue 3 performance: the queries a billing run makes do not grow per membership."""

    def _members(self, count, prefix):
        partners = self.env["res.partner"].create([{"name": f"{prefix} {i}"} for i in range(count)])
        memberships = self.env["golf.membership"].with_context(golf_state_change=True).create([
            {"partner_id": partner.id, "type_id": self.tier_gold.id, "phase_id": self.phase.id, "state": "active"}
            for partner in partners
        ])
        dependents = self.env["res.partner"].create([{"name": f"{prefix} spouse {i}"} for i in range(count)])
        self.env["golf.membership.dependent"].create([
            {"membership_id": membership.id, "partner_id": spouse.id, "relation": "spouse", "state": "active"}
            for membership, spouse in zip(memberships, dependents)
        ])
        return memberships

    def _billing_queries(self, year):
        run = self.env["golf.billing.run"].with_user(self.finance).create({"year": year})
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        run.action_run()
        self.env.flush_all()
        return run, self.env.cr.sql_log_count - before

    @freeze_time("2026-11-20")
    def test_queries_constant_per_membership(self):
        self._members(4, "Small")
        small_run, small = self._billing_queries(2027)
        self._members(16, "Large")
        large_run, large = self._billing_queries(2028)
        self.assertEqual(small_run.billed_count, 4)
        self.assertEqual(large_run.billed_count, 20)
        per_extra_membership = (large - small) / 16
        self.assertLessEqual(
            per_extra_membership, 9,
            f"billing 4 memberships took {small} queries and 20 took {large}: "
            f"{per_extra_membership:.1f} more per membership",
        )

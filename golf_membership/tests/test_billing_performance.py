from freezegun import freeze_time

from odoo.tests import tagged

from .common import GolfMembershipCommon

SMALL_RUN_QUERIES = 165  # measured: 159 for 4 memberships, 137 for 20 (caches warm)
QUERIES_PER_EXTRA_MEMBERSHIP = 1


@tagged("post_install", "-at_install")
class TestBillingQueries(GolfMembershipCommon):
    """Issue 3 performance: the queries a billing run makes do not grow per membership."""

    def _members(self, count, prefix):
        partners = self.env["res.partner"].create([{"name": f"{prefix} {i}"} for i in range(count)])
        # Active memberships and dependents straight away: the superuser's path for imports of history.
        memberships = self.env["golf.membership"].sudo().create([
            {"partner_id": partner.id, "type_id": self.tier_gold.id, "phase_id": self.phase.id, "state": "active"}
            for partner in partners
        ])
        dependents = self.env["res.partner"].create([{"name": f"{prefix} spouse {i}"} for i in range(count)])
        self.env["golf.membership.dependent"].sudo().create([
            {"membership_id": membership.id, "partner_id": spouse.id, "relation": "spouse", "state": "active"}
            for membership, spouse in zip(memberships, dependents)
        ])
        return memberships

    def _run(self, year):
        run = self.env["golf.billing.run"].with_user(self.finance).create({"year": year})
        self.env.flush_all()
        self.env.invalidate_all()
        return run

    @freeze_time("2026-11-20")
    def test_queries_constant_per_membership(self):
        """Billing 20 memberships takes at most one query more per membership than billing 4 (measured:
        none more); the numbers are ceilings a change must not raise."""
        self._members(4, "Small")
        small_run = self._run(2027)
        with self.assertQueryCount(SMALL_RUN_QUERIES):
            small_run.action_run()
        self._members(16, "Large")
        large_run = self._run(2028)
        with self.assertQueryCount(SMALL_RUN_QUERIES + 16 * QUERIES_PER_EXTRA_MEMBERSHIP):
            large_run.action_run()
        self.assertEqual(small_run.billed_count, 4)
        self.assertEqual(large_run.billed_count, 20)

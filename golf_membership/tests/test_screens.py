from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import GolfMembershipCommon

HOME_SPEC = {"name": {}, "count": {}, "kpi_text": {}, "section": {}, "key": {}}


@tagged("post_install", "-at_install")
class TestScreens(GolfMembershipCommon):
    """Each role's daily work in the screens: billing runs, admission alerts, landing filters, the home."""

    def _active_members(self, partners, tier):
        # Active straight away: the superuser's path for imports of history (as the billing tests do).
        return self.env["golf.membership"].sudo().create([
            {"partner_id": partner.id, "type_id": tier.id, "phase_id": self.phase.id, "state": "active"}
            for partner in partners
        ])

    def _filter_domain(self, action, filter_name):
        """The domain of the search filter ``filter_name`` of ``action``'s search view."""
        model = self.env[action.res_model]
        arch = model.get_view(action.search_view_id.id, "search")["arch"]
        node = etree.fromstring(arch).find(f".//filter[@name='{filter_name}']")
        self.assertIsNotNone(node, f"filter {filter_name} missing")
        return safe_eval(node.get("domain"), {"context_today": lambda: None, "uid": self.env.uid})

    # ------------------------------------------------------------------ 1a, 1b billing runs

    @freeze_time("2026-11-20")
    def test_billing_run_lists_skipped_members_and_finishes(self):
        """R-6.2: a member of a tier without dues is listed as skipped with its reason, not selected again,
        and the run reaches done after billing the others."""
        free_tier = self.env["golf.membership.type"].create({
            "name": "Honorary", "code": "HON", "kind": "individual", "entrance_fee": 0.0,
            "deposit_amount": 0.0, "monthly_due": 0.0, "dependent_monthly_due": 0.0,
        })
        partners = self.env["res.partner"].create([{"name": f"Member {i}"} for i in range(3)])
        paying = self._active_members(partners[:2], self.tier_gold)
        honorary = self._active_members(partners[2:], free_tier)

        run = self.env["golf.billing.run"].with_user(self.finance).create({"year": 2027})
        batches = run._bill(max_batches=5)
        self.assertLessEqual(batches, 2)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.billed_count, 2)
        skipped = run.line_ids.filtered(lambda line: line.status == "skipped")
        self.assertEqual(skipped.membership_id, honorary)
        self.assertEqual(skipped.reason, "no_dues")
        self.assertFalse(skipped.invoice_id)
        billed = run.line_ids.filtered(lambda line: line.status == "billed")
        self.assertEqual(billed.membership_id, paying)
        self.assertEqual(billed.invoice_id, run.invoice_ids)
        self.assertEqual(run.skipped_count, 1)
        self.assertNotIn(honorary, self.env["golf.membership"].search(run._billable_domain()))

        # Bill New Members: nothing new, nothing listed twice; a new member is billed and listed.
        run.with_user(self.finance).action_run()
        self.assertEqual(len(run.line_ids), 3)
        newcomer = self._active_members(self.env["res.partner"].create({"name": "Newcomer"}), self.tier_gold)
        run.with_user(self.finance).action_run()
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.line_ids), 4)
        self.assertEqual(run.line_ids.filtered(lambda line: line.membership_id == newcomer).status, "billed")

        # The lines open filtered from the run, the skipped ones first when asked.
        action = run.with_user(self.finance).action_view_skipped_lines()
        self.assertEqual(action["context"], {"search_default_skipped": 1})
        lines = self.env["golf.billing.run.line"].with_user(self.finance).search(action["domain"])
        self.assertEqual(lines, run.line_ids)

    @freeze_time("2026-11-20")
    def test_billing_wizard_opens_the_run_of_a_billed_year(self):
        """A year already billed is no dead end: the wizard opens that year's run."""
        self._active_members(self.env["res.partner"].create({"name": "Member"}), self.tier_gold)
        wizard = self.env["golf.billing.run.wizard"].with_user(self.finance).create({"year": 2027})
        first = wizard.action_confirm()
        run = self.env["golf.billing.run"].browse(first["res_id"])
        self.assertEqual(run.state, "done")
        again = self.env["golf.billing.run.wizard"].with_user(self.finance).create({"year": 2027})
        self.assertEqual(again.run_id, run)
        self.assertEqual(again.run_state, "done")
        action = again.action_confirm()
        self.assertEqual(
            (action["type"], action["res_model"], action["res_id"], action["view_mode"]),
            ("ir.actions.act_window", "golf.billing.run", run.id, "form"),
        )
        self.assertEqual(len(run.invoice_ids), 1)

    # ------------------------------------------------------------------ 2 admission alert

    def test_alert_says_deposit_still_due(self):
        """R-1.4 / R-1.7: the balance paid, the deposit not (approved without it, as management authorised):
        the form says the deposit is still due."""
        membership = self.submitted_membership()
        membership.with_user(self.manager).action_override_deposit(reason="Deposit on its way")
        self.approve(membership)
        self.pay(membership.balance_invoice_id)
        alert = membership.with_user(self.clerk).admission_due_alert
        self.assertIn("deposit is still due", alert)
        self.assertIn(membership.deposit_invoice_id.name, alert)
        self.assertNotIn(membership.balance_invoice_id.name, alert)
        self.pay(membership.deposit_invoice_id)
        membership.invalidate_recordset(["admission_due_alert"])
        self.assertFalse(membership.admission_due_alert)

    # ------------------------------------------------------------------ 3 landing filters

    def test_landing_actions_default_filters(self):
        memberships = self.env.ref("golf_membership.golf_membership_action")
        context = safe_eval(memberships.context)
        self.assertEqual(context.get("search_default_running"), 1)
        self.assertEqual(
            self._filter_domain(memberships, "running"),
            [("state", "in", ("approved", "active", "suspended", "absent", "reserved"))],
        )
        cards = self.env.ref("golf_membership.golf_membership_card_action")
        self.assertEqual(safe_eval(cards.context).get("search_default_to_issue"), 1)
        self.assertEqual(self._filter_domain(cards, "to_issue"), [("state", "=", "to_issue")])
        list_arch = self.env["golf.membership.card"].get_view(False, "list")["arch"]
        self.assertEqual(etree.fromstring(list_arch).get("default_order"), "date_due, id")

        # The filters select what they say: a rejected application is not on the landing list.
        rejected = self.submitted_membership()
        rejected.with_user(self.director).action_reject(reason="Test")
        active = self.active_membership(partner_id=self.env["res.partner"].create({"name": "Active"}).id)
        landing = self.env["golf.membership"].search(self._filter_domain(memberships, "running"))
        self.assertIn(active, landing)
        self.assertNotIn(rejected, landing)
        to_issue = self.env["golf.membership.card"].search(self._filter_domain(cards, "to_issue"))
        self.assertTrue(to_issue)
        self.assertEqual(set(to_issue.mapped("state")), {"to_issue"})

    # ------------------------------------------------------------------ 4 the home

    def test_home_tiles_count_what_they_open(self):
        self.submitted_membership()
        self.create_membership(partner_id=self.env["res.partner"].create({"name": "Draft"}).id)
        self.active_membership(partner_id=self.env["res.partner"].create({"name": "Active"}).id)
        Tile = self.env["golf.membership.home.tile"]
        keys = {}
        for user in (self.clerk, self.director):
            tiles = Tile.with_user(user).search([])
            keys[user] = set(tiles.mapped("key"))
            for tile in tiles:
                action = tile.action_open()
                opened = self.env[action["res_model"]].with_user(user).search_count(action["domain"])
                self.assertEqual(tile.count, opened, f"{tile.key} as {user.login}")
        self.assertIn("cards_to_issue", keys[self.clerk])
        self.assertNotIn("applications_to_decide", keys[self.clerk])
        self.assertIn("applications_to_decide", keys[self.director])
        director_tiles = Tile.with_user(self.director).search([])
        decide = director_tiles.filtered(lambda tile: tile.key == "applications_to_decide")
        self.assertEqual(decide.count, 1)
        self.assertEqual(
            director_tiles.filtered(lambda tile: tile.key == "cards_to_issue").count,
            self.env["golf.membership.card"].search_count([("state", "=", "to_issue")]),
        )
        # Another role's tile read by its id is refused.
        with self.assertRaises(AccessError):
            decide.with_user(self.clerk).action_open()

    def test_home_opens_for_every_role(self):
        action = self.env.ref("golf_membership.golf_membership_home_tile_action")
        for key, user in self.users.items():
            with self.subTest(role=key):
                Tile = self.env[action.res_model].with_user(user)
                views = Tile.get_views([(False, "kanban"), (False, "search")])
                self.assertIn("kanban", views["views"])
                result = Tile.web_search_read([], HOME_SPEC)
                self.assertEqual(result["length"], len(result["records"]))
                Tile.web_read_group([], ["section"], unfold_read_specification=HOME_SPEC, auto_unfold=True)
                for tile in Tile.search([]):
                    opened = tile.action_open()
                    self.env[opened["res_model"]].with_user(user).web_search_read(opened["domain"], {"id": {}})

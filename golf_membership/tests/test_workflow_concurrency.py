from psycopg2.errors import SerializationFailure

from odoo import Command, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestQuotaConcurrency(TransactionCase):
    """R-1.8: two directors approving the last place of a quota at the same moment cannot both succeed.
    Real concurrency needs committed data and two database connections: the test builds a club of its own,
    commits it, and leaves it closed (applications decided, company archived) for the other tests."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            company = env["res.company"].create({"name": "Race Golf Club"})
            env = env(context={"allowed_company_ids": company.ids})
            tier = env["golf.membership.type"].create({
                "name": "Race", "code": "RACE", "kind": "individual", "company_id": company.id,
                "entrance_fee": 0.0, "deposit_amount": 0.0, "monthly_due": 0.0,
            })
            phase = env["golf.membership.phase"].create({
                "name": "Race phase", "company_id": company.id, "state": "open",
                "line_ids": [Command.create({"type_id": tier.id, "price": 0.0, "quota": 1})],
            })
            applicants = env["res.partner"].create([{"name": "Racer One"}, {"name": "Racer Two"}])
            memberships = env["golf.membership"].create([
                {"partner_id": partner.id, "type_id": tier.id, "phase_id": phase.id, "company_id": company.id,
                 "state": "submitted"}
                for partner in applicants
            ])
            director = new_test_user(
                env, login="race_director", groups="golf_membership.group_golf_director",
                company_id=company.id, company_ids=[Command.set(company.ids)],
            )
            self.company_id, self.director_id = company.id, director.id
            self.first_id, self.second_id = memberships.ids
        self.addCleanup(self._close_race_club)

    def _close_race_club(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            memberships = env["golf.membership"].browse([self.first_id, self.second_id])
            memberships.filtered(lambda m: m.state in ("approved", "active")).action_withdraw()
            memberships.filtered(lambda m: m.state == "submitted").action_reject()
            env["res.users"].browse(self.director_id).active = False
            env["res.company"].browse(self.company_id).active = False

    def test_last_place_sold_once(self):
        with self.registry.cursor() as cr_a, self.registry.cursor() as cr_b:
            env_a = api.Environment(cr_a, self.director_id, {})
            env_b = api.Environment(cr_b, self.director_id, {})
            # Both directors opened the applications: B's transaction started before A's approval.
            self.assertEqual(env_b["golf.membership"].browse(self.second_id).state, "submitted")
            env_a["golf.membership"].browse(self.first_id).action_approve()
            cr_a.commit()
            with mute_logger("odoo.sql_db"), self.assertRaises(SerializationFailure):
                env_b["golf.membership"].browse(self.second_id).action_approve()
            cr_b.rollback()
            env_b.invalidate_all()
            # Odoo retries the request in a new transaction: the phase is now sold out.
            with self.assertRaises(UserError):
                env_b["golf.membership"].browse(self.second_id).action_approve()
            cr_b.rollback()
            env_b.invalidate_all()
            self.assertEqual(env_b["golf.membership"].browse(self.first_id).state, "active")
            self.assertEqual(env_b["golf.membership"].browse(self.second_id).state, "submitted")

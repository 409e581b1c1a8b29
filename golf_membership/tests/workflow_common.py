from datetime import date
from itertools import count

from odoo import Command
from odoo.tests import new_test_user

from .common import GolfMembershipCommon

# Who holds which rights: the manager implies every group, the director the supervisor, the supervisor
# the clerk (security/golf_membership_groups.xml).
CLERKS = {"clerk", "supervisor", "director", "manager"}
SUPERVISORS = {"supervisor", "director", "manager"}
DIRECTORS = {"director", "manager"}
MANAGERS = {"manager"}
COMMITTEE = {"committee", "manager"}
FINANCE = {"finance", "manager"}


class GolfWorkflowCommon(GolfMembershipCommon):
    """Records of every stateful model in any state, made through the superuser path that imports of
    history use, and the users an integrator would try: each group, a portal member, an employee without
    golf rights and a golf manager of another company."""

    years = count(2031)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(cls.env, login="golf_portal", groups="base.group_portal")
        cls.employee = new_test_user(cls.env, login="golf_employee", groups="base.group_user")
        cls.other_company = cls.env["res.company"].create({"name": "Other Golf Club"})
        cls.other_manager = new_test_user(
            cls.env, login="golf_other", groups="golf_membership.group_golf_manager",
            company_id=cls.other_company.id, company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.all_users = dict(
            cls.users, portal=cls.portal_user, employee=cls.employee, other_company=cls.other_manager,
        )
        cls.signer = cls.env["res.partner"].create({"name": "Signer Chen"})
        cls.member = cls.make("golf.membership", "active", date_start=date(2020, 1, 1))
        cls.corporate = cls.make(
            "golf.membership", "active", partner_id=cls.company_holder.id, nominee_id=cls.nominee.id,
            type_id=cls.tier_corporate.id, date_start=date(2020, 1, 1),
        )
        cls.prepaid = cls.make("golf.prepaid.account", "active")

    @classmethod
    def base_values(cls, model):
        """Enough for a record of ``model`` attached to the active fixture membership."""
        membership = getattr(cls, "member", False)
        partner = cls.env["res.partner"].create({"name": f"{model} partner"})
        return {
            "golf.membership": lambda: {"partner_id": partner.id, "type_id": cls.tier_gold.id,
                                        "phase_id": cls.phase.id},
            "golf.membership.dependent": lambda: {"membership_id": membership.id, "partner_id": partner.id,
                                                  "relation": "child", "birthdate": date(2015, 1, 1)},
            "golf.membership.card": lambda: {"membership_id": membership.id, "card_type": "member",
                                             "partner_id": membership.partner_id.id},
            "golf.membership.phase": lambda: {"name": "Phase 9", "sequence": 9, "line_ids": [
                Command.create({"type_id": cls.tier_gold.id, "price": 90000.0, "quota": 5})]},
            "golf.membership.absence": lambda: {"membership_id": membership.id, "date_from": date(2030, 3, 1),
                                                "date_to": date(2030, 12, 1), "reason": "Abroad"},
            "golf.membership.transfer": lambda: {"membership_id": membership.id, "transferee_id": partner.id,
                                                 "date_effective": date(2030, 6, 1)},
            "golf.membership.nominee.change": lambda: {
                "membership_id": cls.corporate.id,
                "new_nominee_id": cls.env["res.partner"].create(
                    {"name": "New Nominee", "parent_id": cls.company_holder.id}).id,
            },
            "golf.membership.change.request": lambda: {"membership_id": membership.id, "new_city": "Shenzhen"},
            "golf.membership.violation": lambda: {"membership_id": membership.id, "description": "Slow play"},
            "golf.prepaid.account": lambda: {"membership_id": membership.id,
                                             "signer_ids": [Command.set(cls.signer.ids)]},
            "golf.prepaid.charge": lambda: {"account_id": cls.prepaid.id, "description": "Lunch", "amount": 10.0,
                                            "signer_id": cls.signer.id},
            "golf.service.request": lambda: {"subject": "Locker", "partner_id": membership.partner_id.id},
            "golf.service.visit": lambda: {"membership_id": membership.id, "date_planned": date(2030, 1, 1),
                                           "note": "Happy"},
            "golf.billing.run": lambda: {"year": next(cls.years), "date_invoice": date(2030, 11, 20)},
            "golf.bag.storage": lambda: {"partner_id": membership.partner_id.id, "slot": f"S-{partner.id}"},
        }[model]()

    @classmethod
    def make(cls, model, state, **values):
        """A record of ``model`` in ``state``, created as superuser (the documented path for history)."""
        vals = cls.base_values(model) | {"state": state} | values
        return cls.env[model].sudo().create(vals)

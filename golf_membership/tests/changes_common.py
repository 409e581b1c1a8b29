from datetime import date

from .common import GolfMembershipCommon


class GolfChangesCommon(GolfMembershipCommon):
    """Fixtures of the tests of the changes to a running membership (R-3, R-4, R-5, R-9, R-10, R-12)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.transferee = Partner.create({"name": "Wang Fang", "email": "wang.fang@example.com"})
        cls.departments = Partner.create([
            {"name": "Finance Department", "email": "finance@club.example.com"},
            {"name": "Reception", "email": "reception@club.example.com"},
        ])
        cls.company.golf_memo_partner_ids = cls.departments

    def run_cron(self):
        """The daily rules, then the notices job they wake (the notices they queued)."""
        self.env["golf.membership"]._cron_daily()
        self.env["golf.notification.log"]._cron_send_queued()

    def hand_over(self, membership, card_types=("member",)):
        """Issue and deliver the cards of ``card_types`` still to issue: the member now holds them."""
        cards = membership.card_ids.filtered(lambda c: c.card_type in card_types and c.state == "to_issue")
        cards.with_user(self.clerk).action_issue()
        cards.with_user(self.clerk).action_deliver()
        return cards

    def return_cards(self, membership):
        """The member hands back every card held (R-4.3, R-9.5); the bag tag stays with the bag."""
        held = membership.card_ids.filtered(lambda c: c.state in ("issued", "delivered") and c.card_type != "bag_tag")
        held.with_user(self.clerk).action_return()
        return held

    def add_dependent(self, membership, name="Zhao Min", relation="spouse"):
        """An active dependent card, through the review of R-7.3."""
        dependent = self.env["golf.membership.dependent"].create({
            "membership_id": membership.id,
            "partner_id": self.env["res.partner"].create({"name": name}).id,
            "relation": relation,
            "birthdate": date(1985, 5, 1),
        })
        dependent.with_user(self.clerk).action_submit()
        dependent.document_ids.write({"received": True})
        dependent.with_user(self.director).action_review()
        dependent.with_user(self.manager).action_approve()
        return dependent

    def owe(self, membership, amount=500.0):
        """A posted, unpaid invoice of ``amount``: the member owes the club something."""
        line = membership._prepare_invoice_line_vals(self.company._golf_product("late_fee"), "Green fees", amount)
        return membership._create_posted_invoices([membership._prepare_invoice_vals("other", [line])])

    def messages_to(self, record, partners):
        return record.message_ids.filtered(lambda m: partners <= m.partner_ids)

from odoo import fields, models
from odoo.exceptions import UserError

from .account_move import GOLF_FEE_TYPES
from .golf_activity import for_reader
from .golf_membership_card import HELD_STATES, RETURNED_CARD_TYPES
from .golf_membership_change_mixin import ACTIVITY_CARD_RETURN
from .golf_workflow_mixin import CLERK


class GolfMembershipReservation(models.AbstractModel):
    """The reserved membership (保留会籍, R-12.2): kept without rights and without dues at the member's request;
    its cards are handed in, as for an absence (R-9.5), and handed back when it is reinstated."""

    _name = "golf.membership.reservation"
    _description = "Membership Reservation"

    def action_reserve(self, reason=None):
        """R-12.2 (保留会籍, e.g. on retirement): at the member's request the membership is kept without rights
        and without dues. The dependents lose their rights with the member and the member and dependent cards
        are to be handed in, as for an absence (R-9.5, R-9.6). Dues: a reserved membership is not billed (the
        yearly run skips it); what was billed before stays due (R-6.4), so the member must first pay what is
        overdue, as before an absence (R-9.3).

        Who: the source names no approver for 保留会籍; waiving the dues is the club's decision, taken by the
        marketing director who approves an absence (R-9.3) and reviews dependents (R-7.3). Lifting it gives the
        rights back and the dues resume: member services' supervisor does it, as for a suspension."""
        self._check_action("reserve")
        self._check_reservable()
        today = fields.Date.context_today(self)
        self._apply_action("reserve", date_reserved=today)
        for membership in self:
            membership._ask_cards_back(today)
            membership.message_post(body=self.env._(
                "Membership reserved from %(date)s: kept without rights and without dues until it is reinstated; "
                "the dependents have no rights either. %(reason)s", date=today, reason=reason or "",
            ))
        return True

    def _check_reservable(self):
        """R-12.2 with R-9.3: a membership is reserved only once nothing is overdue and no absence is pending."""
        Line = self.env["account.move.line"]
        today = fields.Date.context_today(self)
        overdue = Line.sudo().search(Line._golf_overdue_domain(today, fee_types=[key for key, __ in GOLF_FEE_TYPES]) + [
            ("move_id.golf_membership_id", "in", self.ids),
        ]).move_id.golf_membership_id
        for membership in self:
            if membership in overdue:
                raise UserError(self.env._(
                    "%(name)s still owes overdue amounts: they must be paid before the membership is reserved.",
                    name=membership.display_name,
                ))
            if membership.absence_ids.filtered(lambda a: a.state in ("submitted", "approved")):
                raise UserError(self.env._(
                    "%(name)s has an absence pending: withdraw or decide it before the membership is reserved.",
                    name=membership.display_name,
                ))

    def _ask_cards_back(self, date):
        """R-12.2 with R-9.5: member services collect the member and dependent cards still held."""
        self.ensure_one()
        held = self._held_cards()
        if held:
            clerk = self.company_id._golf_responsible_user(CLERK)
            reader = for_reader(self, clerk)
            reader.activity_schedule(
                ACTIVITY_CARD_RETURN, user_id=clerk.id, date_deadline=date,
                note=reader.env._("The membership is reserved: collect the cards %(cards)s.",
                                  cards=", ".join(held.mapped("number"))),
            )

    def _end_reservation(self, reserved_since):
        """R-12.2: the cards handed in since the reservation (``reserved_since``: {membership: date}) are handed
        back (the dependents have their rights again with the member's, see ``_apply_action``)."""
        today = fields.Date.context_today(self)
        for membership in self:
            returned = membership._cards_to_hand_back(reserved_since[membership] or today, today)
            membership._hand_back_cards(returned, today)
        self.activity_unlink([ACTIVITY_CARD_RETURN])

    def _held_cards(self):
        """R-9.5 / R-12.2: the member and dependent cards in the member's hands."""
        return self.card_ids.filtered(lambda c: c.card_type in RETURNED_CARD_TYPES and c.state in HELD_STATES)

    def _cards_to_hand_back(self, date_from, date_to):
        """R-9.5 / R-12.2: member and dependent cards handed in between the two dates and not replaced yet (a
        dependent card only while the dependent holds a card)."""
        self.ensure_one()
        replaced = self.env["golf.membership.card"].search([("replaced_card_id", "in", self.card_ids.ids)])
        return self.card_ids.filtered(
            lambda c: c.card_type in ("member", "dependent") and c.state == "returned"
            and c.date_returned and date_from <= c.date_returned <= date_to
            and c not in replaced.replaced_card_id
            and (not c.dependent_id or c.dependent_id.state == "active")
        )

    def _hand_back_cards(self, cards, date_due):
        """New cards replacing ``cards`` handed in, to be ready by ``date_due``."""
        self.ensure_one()
        return self.env["golf.membership.card"].sudo().create([
            {
                "membership_id": self.id,
                "dependent_id": card.dependent_id.id,
                "partner_id": card.partner_id.id,
                "card_type": card.card_type,
                "date_due": date_due,
                "replaced_card_id": card.id,
            }
            for card in cards
        ])

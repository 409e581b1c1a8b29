from odoo import api, fields, models
from odoo.exceptions import UserError

from .golf_activity import schedule_activity_once
from .golf_workflow_mixin import CLERK, SYSTEM, Transition

CARD_TYPES = [
    ("temporary", "Temporary Card"),
    ("member", "Member Card"),
    ("dependent", "Dependent Card"),
    ("bag_tag", "Bag Tag"),
    ("certificate", "Membership Certificate"),
]
CARD_STATES = [
    ("to_issue", "To Issue"),
    ("issued", "Issued"),
    ("delivered", "Delivered"),
    ("returned", "Returned"),
    ("lost", "Lost"),
    ("cancelled", "Cancelled"),
]
HELD_STATES = ("issued", "delivered")

# member services make, hand over and take back the cards.
CARD_TRANSITIONS = (
    Transition("issue", ("to_issue",), "issued", (CLERK,), guard="_issue_refusal"),
    Transition("deliver", ("issued",), "delivered", (CLERK,)),
    Transition("return", HELD_STATES, "returned", (CLERK,)),
    Transition("lost", HELD_STATES, "lost", (CLERK,)),
    # A card no longer needed: the membership or the dependent card ended, a temporary card replaced.
    Transition("cancel", ("to_issue", "issued"), "cancelled", SYSTEM),
)


class GolfMembershipCard(models.Model):
    """Cards, bag tags and certificates made for a membership (R-1.6, R-1.7, R-1.9, R-7.3)."""

    _name = "golf.membership.card"
    _description = "Membership Card"
    _inherit = ["golf.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_due, id"
    _rec_name = "number"
    _check_company_auto = True
    _workflow_transitions = CARD_TRANSITIONS
    _workflow_initial_state = "to_issue"
    _workflow_fields = ("number", "date_issued", "date_delivered", "date_returned", "replaced_card_id")
    _workflow_draft_fields = ("membership_id", "dependent_id", "partner_id", "card_type")
    _workflow_draft_states = ("to_issue",)

    membership_id = fields.Many2one(
        "golf.membership", required=True, ondelete="restrict", index=True, check_company=True
    )
    dependent_id = fields.Many2one("golf.membership.dependent", ondelete="restrict", index="btree_not_null",
                                   check_company=True)
    company_id = fields.Many2one(related="membership_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Card Holder", index=True)
    card_type = fields.Selection(CARD_TYPES, string="Type", required=True, index=True)
    number = fields.Char(readonly=True, copy=False, index="trigram", default="/")
    date_due = fields.Date(string="Due", tracking=True, index=True)
    date_issued = fields.Date(string="Issued On", readonly=True, copy=False)
    date_delivered = fields.Date(string="Delivered On", readonly=True, copy=False)
    date_returned = fields.Date(string="Returned On", readonly=True, copy=False)
    state = fields.Selection(CARD_STATES, default="to_issue", required=True, tracking=True, index=True, copy=False)
    replaced_card_id = fields.Many2one("golf.membership.card", string="Replaces", readonly=True, copy=False)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")

    _number_uniq = models.Constraint("UNIQUE(number, company_id)", "A card number is unique.")

    @api.depends("state", "date_due")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for card in self:
            card.is_overdue = card.state == "to_issue" and bool(card.date_due) and card.date_due < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue cards."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("state", "=", "to_issue"), ("date_due", "<", today)]
        return ["|", "|", ("state", "!=", "to_issue"), ("date_due", "=", False), ("date_due", ">=", today)]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("number", "/") == "/":
                vals["number"] = self.env["ir.sequence"].next_by_code("golf.membership.card") or "/"
        return super().create(vals_list)

    def _check_states(self, states, action):
        for card in self:
            if card.state not in states:
                raise UserError(self.env._("Card %(card)s cannot be %(action)s now.", card=card.number, action=action))

    def action_issue(self):
        """R-1.7: the certificate is issued only once every admission amount is paid."""
        self._check_states(("to_issue",), self.env._("issued"))
        for card in self.filtered(lambda c: c.card_type == "certificate"):
            if not card.membership_id.admission_paid:
                raise UserError(
                    self.env._(
                        "The certificate of %(name)s is issued only after the whole admission is paid; "
                        "%(amount)s is still due (R-1.7).",
                        name=card.membership_id.display_name,
                        amount=card.membership_id.currency_id.format(card.membership_id.admission_amount_due),
                    )
                )
        self.write({"state": "issued", "date_issued": fields.Date.context_today(self)})
        self.activity_feedback(["golf_membership.mail_act_golf_card_overdue"])
        return True

    def action_deliver(self):
        """R-1.7 / R-1.9: handed over against signature; the formal card takes back the temporary one
        (a temporary card never handed over is no longer needed and is cancelled)."""
        self._check_states(("issued",), self.env._("delivered"))
        today = fields.Date.context_today(self)
        self.write({"state": "delivered", "date_delivered": today})
        temporary = self.filtered(lambda c: c.card_type == "member").membership_id.card_ids.filtered(
            lambda c: c.card_type == "temporary"
        )
        temporary.filtered(lambda c: c.state in HELD_STATES).write({"state": "returned", "date_returned": today})
        temporary.filtered(lambda c: c.state == "to_issue")._cancel_cards()
        # the sales representative's follow-up ends when the member has signed for a card.
        self.filtered(lambda c: c.card_type in ("temporary", "member")).membership_id.activity_feedback(
            ["golf_membership.mail_act_golf_card_follow_up"]
        )
        return True

    def action_return(self):
        self._check_states(HELD_STATES, self.env._("returned"))
        self.write({"state": "returned", "date_returned": fields.Date.context_today(self)})
        return True

    def action_lost(self):
        """A lost card is blocked and a replacement is made."""
        self._check_states(HELD_STATES, self.env._("reported lost"))
        self.write({"state": "lost"})
        today = fields.Date.context_today(self)
        replacements = self.create([
            {
                "membership_id": card.membership_id.id,
                "dependent_id": card.dependent_id.id,
                "partner_id": card.partner_id.id,
                "card_type": card.card_type,
                "date_due": card.company_id._golf_add_working_days(today, card._production_days()),
                "replaced_card_id": card.id,
            }
            for card in self
        ])
        for card, replacement in zip(self, replacements):
            card.message_post(body=self.env._("Reported lost; replaced by %(number)s.", number=replacement.number))
        return replacements

    def _production_days(self):
        """Working days to make a card of this type: R-1.7 (card, bag tag, certificate), R-7.3 (dependent)."""
        self.ensure_one()
        company = self.company_id
        if self.card_type == "dependent":
            return company.golf_dependent_card_days
        if self.card_type == "certificate":
            return company.golf_certificate_days
        return company.golf_card_days

    def _cancel_cards(self):
        self.write({"state": "cancelled"})
        self.activity_unlink(["golf_membership.mail_act_golf_card_overdue"])

    @api.model
    def _cron_card_deadlines(self):
        """R-1.7 / R-7.3: member services are told once of every card past its due date."""
        overdue = self.search([("is_overdue", "=", True)])
        schedule_activity_once(
            overdue, "golf_membership.mail_act_golf_card_overdue", "golf_membership.group_golf_clerk",
            lambda card: self.env._("%(card)s of %(member)s was due on %(date)s.",
                                    card=dict(CARD_TYPES)[card.card_type], member=card.partner_id.name,
                                    date=card.date_due),
        )

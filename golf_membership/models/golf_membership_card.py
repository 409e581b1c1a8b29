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
# Cards a member without rights (absent, R-9.5; reserved, R-12.2) hands in until reinstated.
RETURNED_CARD_TYPES = ("member", "dependent", "temporary")
# a member or dependent card opens nothing while its holder has no rights.
NO_RIGHTS_MEMBERSHIP_STATES = ("suspended", "absent", "reserved", "historical", "cancelled")
ACTIVITY_CARD_OVERDUE = "golf_membership.mail_act_golf_card_overdue"

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
    _workflow_fields = (
        "number", "date_issued", "date_delivered", "delivered_by_id", "date_returned", "replaced_card_id",
    )
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
    # Computed once, at creation: a default of "/" would read as a number set by the user (a workflow field).
    number = fields.Char(compute="_compute_number", store=True, precompute=True, readonly=True, copy=False,
                         index="trigram")
    date_due = fields.Date(
        string="Ready By", tracking=True, index=True,
        help="The date the card should be ready for the member (not an expiry date).",
    )
    date_issued = fields.Date(string="Issued On", readonly=True, copy=False)
    date_delivered = fields.Date(string="Delivered On", readonly=True, copy=False)
    # the handover is recorded: when, by whom, and the item list the member signed (签收物品详单).
    delivered_by_id = fields.Many2one("res.users", string="Handed Over By", readonly=True, copy=False)
    delivery_receipt = fields.Binary(
        string="Signed Item List", attachment=True, copy=False,
        help="Scan of the item list the member signed on collecting the card.",
    )
    delivery_receipt_name = fields.Char(string="Signed Item List File Name", copy=False)
    date_returned = fields.Date(string="Returned On", readonly=True, copy=False)
    state = fields.Selection(CARD_STATES, default="to_issue", required=True, tracking=True, index=True, copy=False)
    replaced_card_id = fields.Many2one("golf.membership.card", string="Replaces", readonly=True, copy=False)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    blocked = fields.Boolean(
        compute="_compute_blocked", store=True, index=True,
        help="The card gives no access: its holder has no rights (absence, suspension, reservation, end of the "
             "membership) until reinstated, whether or not the card was handed back.",
    )
    can_issue = fields.Boolean(compute="_compute_workflow_buttons")
    can_deliver = fields.Boolean(compute="_compute_workflow_buttons")
    can_return = fields.Boolean(compute="_compute_workflow_buttons")
    can_lost = fields.Boolean(compute="_compute_workflow_buttons")

    _number_uniq = models.Constraint("UNIQUE(number, company_id)", "A card number is unique.")

    @api.depends()
    def _compute_number(self):
        for card in self:
            card.number = self.env["ir.sequence"].next_by_code("golf.membership.card") or "/"

    @api.depends("card_type", "membership_id.state", "dependent_id.state")
    def _compute_blocked(self):
        """R-9.5 / R-9.6: from the start of an absence until reinstatement (and while suspended, reserved or
        ended) the member's and the dependents' cards are blocked, handed back or not."""
        for card in self:
            without_rights = card.membership_id.state in NO_RIGHTS_MEMBERSHIP_STATES or (
                card.card_type == "dependent" and card.dependent_id.state in ("suspended", "cancelled")
            )
            card.blocked = card.card_type in RETURNED_CARD_TYPES and without_rights

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

    # ------------------------------------------------------------------ guards of the transitions

    def _issue_refusal(self):
        """R-1.7: the certificate is issued only once every admission amount is paid."""
        self.ensure_one()
        membership = self.membership_id
        if self.card_type == "certificate" and not membership.admission_paid:
            return self.env._(
                "The certificate of %(name)s is issued only after the whole admission is paid; "
                "%(amount)s is still due.",
                name=membership.display_name, amount=membership.currency_id.format(membership.admission_amount_due),
            )
        return False

    # ------------------------------------------------------------------ actions (member services)

    def action_issue(self):
        """R-1.7: the card is made; a certificate only once the whole admission is paid."""
        self._take_action("issue", date_issued=fields.Date.context_today(self))
        self.activity_feedback([ACTIVITY_CARD_OVERDUE])
        # the member is told to collect what is made (the temporary card is handed over with the letter).
        self.env["golf.notification.log"]._send_once(
            self.filtered(lambda c: c.card_type != "temporary"), "ready", "golf_membership.mail_template_golf_cards_ready",
            threads=lambda cards: cards.membership_id,
        )
        return True

    def action_open_deliver_wizard(self):
        """R-1.9: the handover screen: the items ready for the member (the ones chosen and the others of the same
        memberships) and the scan of the item list the member signs."""
        self._check_action("deliver")
        ready = self | self.membership_id.card_ids.filtered(
            lambda c: c.state == "issued" and c.card_type != "temporary"
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hand Over"),
            "res_model": "golf.membership.card.deliver.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_card_ids": ready.ids},
        }

    def action_deliver(self, receipt=None, receipt_name=None):
        """R-1.7 / R-1.9: handed over against signature: the day, who handed over and, when given, the scan of
        the signed item list (``receipt``, base64) are recorded; the formal card takes back the temporary one
        (a temporary card never handed over is no longer needed and is cancelled)."""
        self._check_action("deliver")
        today = fields.Date.context_today(self)
        self._apply_action("deliver", date_delivered=today, delivered_by_id=self.env.user.id)
        if receipt:
            self.sudo().write({"delivery_receipt": receipt, "delivery_receipt_name": receipt_name or False})
        temporary = self.filtered(lambda c: c.card_type == "member").membership_id.card_ids.filtered(
            lambda c: c.card_type == "temporary"
        )
        temporary.filtered(lambda c: c.state in HELD_STATES)._apply_action("return", date_returned=today)
        temporary.filtered(lambda c: c.state == "to_issue")._cancel_cards()
        # the sales representative's follow-up ends when the member has signed for a card.
        self.filtered(lambda c: c.card_type in ("temporary", "member")).membership_id.activity_feedback(
            ["golf_membership.mail_act_golf_card_follow_up"]
        )
        return True

    def action_return(self):
        """R-1.9: the card is handed back to member services."""
        self._take_action("return", date_returned=fields.Date.context_today(self))
        return True

    def action_lost(self):
        """A lost card is blocked and a replacement is made."""
        self._take_action("lost")
        today = fields.Date.context_today(self)
        # A replacement names the card it replaces, which only the module sets.
        replacements = self.sudo().create([card._prepare_replacement_vals(today) for card in self])
        for card, replacement in zip(self, replacements):
            card.message_post(body=self.env._("Reported lost; replaced by %(number)s.", number=replacement.number))
        return replacements.with_env(self.env)

    def _prepare_replacement_vals(self, today):
        self.ensure_one()
        return {
            "membership_id": self.membership_id.id,
            "dependent_id": self.dependent_id.id,
            "partner_id": self.partner_id.id,
            "card_type": self.card_type,
            "date_due": self.company_id._golf_add_working_days(today, self._production_days()),
            "replaced_card_id": self.id,
        }

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
        """A card no longer needed (its membership or dependent card ended, the formal card replaced the
        temporary one): the rule is the module's, whoever's action set it going."""
        self._apply_action("cancel")
        self.sudo().activity_unlink([ACTIVITY_CARD_OVERDUE])

    @api.model
    def _cron_card_deadlines(self):
        """R-1.7 / R-7.3: member services are told once of every card past its due date; not for a reserved
        membership, kept without rights (R-12.2): its cards are made when it is reinstated."""
        overdue = self.search([
            ("company_id", "in", self.env.companies.ids), ("is_overdue", "=", True),
            ("membership_id.state", "!=", "reserved"),
        ])
        schedule_activity_once(
            overdue, ACTIVITY_CARD_OVERDUE, CLERK,
            lambda card: card.env._(
                "%(card)s of %(member)s was due on %(date)s.",
                card=dict(card._fields["card_type"]._description_selection(card.env))[card.card_type],
                member=card.partner_id.name, date=card.date_due,
            ),
        )

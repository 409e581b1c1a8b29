from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain
from odoo.tools import SQL

from .golf_service_request import OPEN_STATES
from .golf_workflow_mixin import CLERK, COMMITTEE, DIRECTOR, FINANCE, MANAGER, SUPERVISOR


class Tile(NamedTuple):
    """One tile of the member-services home: ``domain`` (a method of the home model returning the domain on
    ``model``) selects the records waiting, ``action`` (XML id) opens them, for users of ``groups``."""

    key: str
    label: str
    section: str
    model: str
    action: str
    domain: str
    groups: tuple
    kpi: str | None = None


# The work waiting for each role.
TILES = (
    Tile("applications_to_submit", "Applications to submit", "approvals", "golf.membership",
         "golf_membership.golf_membership_action_application", "_domain_applications_to_submit", (CLERK,)),
    Tile("applications_to_decide", "Applications to decide", "approvals", "golf.membership",
         "golf_membership.golf_membership_action_application", "_domain_applications_to_decide", (DIRECTOR,)),
    Tile("dependents_to_review", "Dependents to review", "approvals", "golf.membership.dependent",
         "golf_membership.golf_membership_dependent_action", "_domain_dependents_to_review", (DIRECTOR,)),
    Tile("dependents_to_approve", "Dependents to approve", "approvals", "golf.membership.dependent",
         "golf_membership.golf_membership_dependent_action", "_domain_dependents_to_approve", (MANAGER,)),
    Tile("absences_to_decide", "Absences to decide", "approvals", "golf.membership.absence",
         "golf_membership.golf_membership_absence_action", "_domain_submitted", (DIRECTOR,)),
    Tile("transfers_to_review", "Transfers to review", "approvals", "golf.membership.transfer",
         "golf_membership.golf_membership_transfer_action", "_domain_to_review", (SUPERVISOR,)),
    Tile("transfers_to_decide", "Transfers to decide", "approvals", "golf.membership.transfer",
         "golf_membership.golf_membership_transfer_action", "_domain_reviewed", (COMMITTEE,)),
    Tile("nominee_changes_to_review", "Nominee changes to review", "approvals", "golf.membership.nominee.change",
         "golf_membership.golf_membership_nominee_change_action", "_domain_to_review", (SUPERVISOR,)),
    Tile("nominee_changes_to_decide", "Nominee changes to decide", "approvals", "golf.membership.nominee.change",
         "golf_membership.golf_membership_nominee_change_action", "_domain_reviewed", (DIRECTOR,)),
    Tile("change_requests_to_decide", "Address and name changes to decide", "approvals",
         "golf.membership.change.request", "golf_membership.golf_membership_change_request_action",
         "_domain_submitted", (SUPERVISOR,)),
    Tile("violations_to_decide", "Violations to decide", "approvals", "golf.membership.violation",
         "golf_membership.golf_membership_violation_action", "_domain_submitted", (MANAGER,)),
    Tile("balances_overdue", "Balances overdue", "payments", "golf.membership",
         "golf_membership.golf_membership_action", "_domain_balances_overdue", (SUPERVISOR, FINANCE)),
    Tile("billing_runs_unfinished", "Billing runs to finish", "payments", "golf.billing.run",
         "golf_membership.golf_billing_run_action", "_domain_billing_runs_unfinished", (FINANCE,)),
    Tile("cards_to_issue", "Cards to issue", "cards", "golf.membership.card",
         "golf_membership.golf_membership_card_action", "_domain_cards_to_issue", (CLERK,)),
    Tile("cards_overdue", "Cards overdue", "cards", "golf.membership.card",
         "golf_membership.golf_membership_card_action", "_domain_cards_overdue", (CLERK,)),
    Tile("complaints_open", "Open complaints", "service", "golf.service.request",
         "golf_membership.golf_service_request_action", "_domain_complaints_open", (CLERK,)),
    Tile("service_overdue", "Service deadlines passed", "service", "golf.service.request",
         "golf_membership.golf_service_request_action", "_domain_service_overdue", (CLERK,)),
    Tile("kpi_timeliness", "Timeliness", "kpi", "golf.service.kpi",
         "golf_membership.golf_service_kpi_action", "_domain_kpi_missed", (SUPERVISOR,), kpi="timeliness"),
    Tile("kpi_satisfaction", "Satisfaction", "kpi", "golf.service.kpi",
         "golf_membership.golf_service_kpi_action", "_domain_kpi_missed", (SUPERVISOR,), kpi="satisfaction"),
    Tile("kpi_complaint_rate", "Complaint rate", "kpi", "golf.service.kpi",
         "golf_membership.golf_service_kpi_action", "_domain_kpi_missed", (SUPERVISOR,), kpi="complaint_rate"),
)
TILES_BY_KEY = {tile.key: tile for tile in TILES}
SECTIONS = [
    ("approvals", "Approvals"),
    ("payments", "Payments"),
    ("cards", "Cards"),
    ("service", "Service Desk"),
    ("kpi", "Service KPIs (months below target)"),
]


class GolfMembershipHomeTile(models.Model):
    """The member-services home (工作台): one tile per kind of work waiting, with how many records wait and
    the action that opens exactly them. A tile is shown to the users of its groups only; its count is
    taken with the user's rights, so it matches the list it opens."""

    _name = "golf.membership.home.tile"
    _description = "Member Services Home Tile"
    _auto = False
    _order = "sequence"
    _rec_name = "key"

    key = fields.Selection([(tile.key, tile.label) for tile in TILES], readonly=True)
    sequence = fields.Integer(readonly=True)
    section = fields.Selection(SECTIONS, readonly=True)
    name = fields.Char(compute="_compute_name")
    count = fields.Integer(compute="_compute_count")
    kpi_text = fields.Char(string="This Month", compute="_compute_kpi_text")

    @property
    def _table_query(self):
        rows = SQL(", ").join(
            SQL("(%s, %s, %s, %s)", index, tile.key, index * 10, tile.section)
            for index, tile in enumerate(TILES, start=1)
        )
        return SQL("SELECT * FROM (VALUES %s) AS tile(id, key, sequence, section)", rows)

    # ------------------------------------------------------------------ the user's tiles

    @api.model
    def _user_tile_keys(self):
        user = self.env.user
        return [tile.key for tile in TILES if self.env.su or any(user.has_group(group) for group in tile.groups)]

    @api.model
    def _search(self, domain, *args, **kwargs):
        return super()._search(Domain(domain) & Domain("key", "in", self._user_tile_keys()), *args, **kwargs)

    def _tile(self):
        self.ensure_one()
        return TILES_BY_KEY[self.key]

    def _check_tile_access(self):
        """A tile read by its id (over RPC) is still only its role's."""
        keys = self._user_tile_keys()
        for home_tile in self:
            if home_tile.key not in keys:
                raise AccessError(self.env._("This tile of the home is not for your role."))

    def _tile_domain(self):
        tile = self._tile()
        return Domain(getattr(self, tile.domain)(tile))

    # ------------------------------------------------------------------ computes

    @api.depends("key")
    def _compute_name(self):
        labels = dict(self._fields["key"]._description_selection(self.env))
        for home_tile in self:
            home_tile.name = labels.get(home_tile.key, home_tile.key)

    @api.depends_context("uid")
    def _compute_count(self):
        self._check_tile_access()
        for home_tile in self:
            tile = home_tile._tile()
            home_tile.count = self.env[tile.model].search_count(home_tile._tile_domain())

    @api.depends_context("uid")
    def _compute_kpi_text(self):
        kpi_tiles = self.filtered(lambda home_tile: home_tile._tile().kpi)
        (self - kpi_tiles).kpi_text = False
        if not kpi_tiles:
            return
        today = fields.Date.context_today(self)
        kpis = self.env["golf.service.request"]._get_kpis(today.replace(day=1), today)
        measured = {
            "timeliness": kpis["response_due_count"],
            "satisfaction": kpis["surveyed_count"],
            "complaint_rate": kpis["request_count"],
        }
        for home_tile in kpi_tiles:
            kpi = home_tile._tile().kpi
            target = f"{kpis['targets'][kpi]:g}"
            if not measured[kpi]:
                home_tile.kpi_text = self.env._("This month: no data (target %(target)s %%)", target=target)
            else:
                home_tile.kpi_text = self.env._(
                    "This month: %(value)s %% (target %(target)s %%)", value=f"{kpis[kpi]:.2f}", target=target,
                )

    # ------------------------------------------------------------------ what each tile selects

    def _domain_applications_to_submit(self, tile):
        return [("state", "in", ("draft", "deferred"))]

    def _domain_applications_to_decide(self, tile):
        return [("state", "=", "submitted")]

    def _domain_dependents_to_review(self, tile):
        return [("state", "=", "submitted"), ("date_reviewed", "=", False)]

    def _domain_dependents_to_approve(self, tile):
        return [("state", "=", "submitted"), ("date_reviewed", "!=", False)]

    def _domain_submitted(self, tile):
        return [("state", "=", "submitted")]

    def _domain_to_review(self, tile):
        """R-4.2 / R-5.1: filed, waiting for the department heads."""
        return [("state", "=", "submitted"), ("date_reviewed", "=", False)]

    def _domain_reviewed(self, tile):
        """R-4.2 / R-5.1: reviewed by the department heads, waiting for the decision."""
        return [("state", "=", "submitted"), ("date_reviewed", "!=", False)]

    def _domain_balances_overdue(self, tile):
        return [("state", "=", "approved"), ("date_balance_due", "<", fields.Date.context_today(self))]

    def _domain_billing_runs_unfinished(self, tile):
        return [("state", "=", "running")]

    def _domain_cards_to_issue(self, tile):
        return [("state", "=", "to_issue")]

    def _domain_cards_overdue(self, tile):
        return [("is_overdue", "=", True)]

    def _domain_complaints_open(self, tile):
        return [("category", "=", "complaint"), ("state", "in", OPEN_STATES)]

    def _domain_service_overdue(self, tile):
        return [("is_overdue", "=", True)]

    def _domain_kpi_missed(self, tile):
        return [(f"{tile.kpi}_met", "=", False)] + (
            [(f"{tile.kpi}_has_data", "=", True)] if tile.kpi != "complaint_rate" else []
        )

    # ------------------------------------------------------------------ actions

    def action_open(self):
        """The list of exactly the records counted on the tile (the action's own default filters are left
        out, the other filters stay one click away)."""
        self.ensure_one()
        self._check_tile_access()
        tile = self._tile()
        action = self.env["ir.actions.act_window"]._for_xml_id(tile.action)
        views = action.get("views") or []
        action.update({
            "name": self.name,
            "domain": list(self._tile_domain()),
            "context": {"create": False},
            "views": [view for view in views if view[1] == "list"] + [view for view in views if view[1] != "list"],
            "target": "current",
        })
        action.pop("res_id", None)
        return action

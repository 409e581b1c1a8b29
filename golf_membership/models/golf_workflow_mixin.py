"""One approval engine for every document of the club that has a state.

Each model declares its workflow once, as a table of transitions (action, from-states, to-state, group);
the buttons (``can_<action>`` fields), the ``action_*`` methods and ``create``/``write`` all consult it,
in the way ``hr_holidays`` derives everything from one function of state and user.

* An action first calls ``_check_action(name)``: the user must belong to a group of the transition
  (``AccessError``), may write the records (record rules), and every record must be in a source state
  and pass the transition's guard (``UserError``).
* It then moves the records with ``_apply_action(name, **values)``, the one place that writes the state
  and the other workflow fields, as superuser (the user stays the author of the change in the chatter).
* ``create`` and ``write`` refuse, for every user but the superuser and whatever the context, a record
  created in another state than the initial one and any write of the workflow fields; the fields of
  ``_workflow_draft_fields`` may be written only while the record is in ``_workflow_draft_states``.
  Imports of history go through the superuser (``env.su``), e.g. ``odoo-bin shell`` or a migration script.

Transitions whose ``groups`` is ``SYSTEM`` are taken only by the module's own rules (a payment registered,
a date reached): no user may take them by a button or over RPC.
"""

from typing import NamedTuple

from odoo import api, models
from odoo.exceptions import AccessError, UserError

# One constant per group; implied groups do the rest (the manager implies every other group, the director
# the supervisor, the supervisor the clerk).
CLERK = "golf_membership.group_golf_clerk"
SUPERVISOR = "golf_membership.group_golf_supervisor"
DIRECTOR = "golf_membership.group_golf_director"
COMMITTEE = "golf_membership.group_golf_committee"
FINANCE = "golf_membership.group_golf_finance"
MANAGER = "golf_membership.group_golf_manager"
SYSTEM = ()


class Transition(NamedTuple):
    """``action`` moves a record from one of ``sources`` to ``target`` (None: the state stays) for a user of
    one of ``groups`` (``SYSTEM``: only the module's automatic rules). ``guard`` names a method returning,
    for one record, why the action is not possible now (a translated text), or nothing when it is."""

    action: str
    sources: tuple
    target: str | None
    groups: tuple
    guard: str | None = None


class GolfWorkflowMixin(models.AbstractModel):
    _name = "golf.workflow.mixin"
    _description = "Golf Workflow"

    # Declared by each model.
    _workflow_transitions = ()
    _workflow_initial_state = "draft"
    # Written only by the actions (the state always is).
    _workflow_fields = ()
    # Written by users only while the record is in one of these states (amounts and prices once submitted).
    _workflow_draft_fields = ()
    _workflow_draft_states = ("draft",)

    # ------------------------------------------------------------------ the table

    def _workflow_rows(self, action):
        return [row for row in self._workflow_transitions if row.action == action]

    def _workflow_user_may(self, row):
        return self.env.su or any(self.env.user.has_group(group) for group in row.groups)

    def _workflow_refusal(self, row):
        """Why ``row`` cannot move this record now, or False."""
        self.ensure_one()
        if self.state not in row.sources:
            return self.env._(
                "%(document)s is %(state)s: this step is not possible in that state.",
                document=self.display_name, state=self._workflow_state_label(self.state),
            )
        return row.guard and getattr(self, row.guard)() or False

    def _workflow_allowed(self, action):
        """The records on which the current user may take ``action`` now."""
        rows = [row for row in self._workflow_rows(action) if self._workflow_user_may(row)]
        return self.filtered(lambda record: any(not record._workflow_refusal(row) for row in rows))

    def _workflow_state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env)).get(state, state)

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_workflow_buttons(self):
        """Every ``can_<action>`` field computed by this method shows the button of ``action`` exactly when
        the engine would let the user take it."""
        for name, field in self._fields.items():
            if field.compute != "_compute_workflow_buttons":
                continue
            allowed = self._workflow_allowed(name.removeprefix("can_"))
            for record in self:
                record[name] = record in allowed

    # ------------------------------------------------------------------ actions

    def _check_action(self, action):
        """Refuse ``action`` unless the user's group, the record rules and each record's state allow it."""
        rows = self._workflow_rows(action)
        if not rows:
            raise UserError(self.env._("Unknown step %(action)s.", action=action))
        allowed_rows = [row for row in rows if self._workflow_user_may(row)]
        # Refused for the user's rights: no row of the action is the user's, or the rows that would take
        # a record in its state are those of another group (e.g. cancelling a posted charge).
        others_rows = [row for row in rows if row not in allowed_rows]
        if not allowed_rows or any(
            not any(record.state in row.sources for row in allowed_rows)
            and any(record.state in row.sources for row in others_rows)
            for record in self
        ):
            raise AccessError(self.env._(
                "You are not allowed to take this step (%(action)s) on %(document)s.",
                action=self._workflow_action_label(action), document=self._description,
            ))
        self.check_access("write")
        for record in self:
            refusals = [record._workflow_refusal(row) for row in allowed_rows]
            if all(refusals):
                raise UserError(refusals[0])

    def _apply_action(self, action, **values):
        """Move the records by ``action`` and write ``values`` with it: the only way the workflow fields
        change. Who may take the action is ``_check_action``'s question; automatic rules call this alone."""
        rows = self._workflow_rows(action)
        targets = {row.target for row in rows}
        if len(targets) != 1:
            raise UserError(self.env._("Unknown step %(action)s.", action=action))
        sources = {state for row in rows for state in row.sources}
        for record in self:
            if record.state not in sources:
                raise UserError(record._workflow_refusal(rows[0]))
        target = targets.pop()
        if target:
            values["state"] = target
        return self.sudo().write(values) if values else True

    def _take_action(self, action, **values):
        """A step that is nothing more than its move: checked, then applied."""
        self._check_action(action)
        return self._apply_action(action, **values)

    def _workflow_action_label(self, action):
        labels = {
            "submit": self.env._("submit"),
            "approve": self.env._("approve"),
            "reject": self.env._("reject"),
            "defer": self.env._("defer"),
            "cancel": self.env._("cancel"),
            "review": self.env._("review"),
            "done": self.env._("complete"),
            "end": self.env._("end"),
            "suspend": self.env._("suspend"),
            "reinstate": self.env._("reinstate"),
            "withdraw": self.env._("close"),
            "reserve": self.env._("reserve"),
            "issue": self.env._("issue"),
            "deliver": self.env._("deliver"),
            "return": self.env._("return"),
            "lost": self.env._("report lost"),
            "open": self.env._("open"),
            "close": self.env._("close"),
            "approve_sold_out": self.env._("approve the sold-out report"),
            "confirm_funds": self.env._("confirm the funds"),
            "override_deposit": self.env._("authorise the approval without the deposit"),
            "reset": self.env._("reset to draft"),
            "post": self.env._("post"),
            "respond": self.env._("answer"),
            "resolve": self.env._("resolve"),
            "run": self.env._("run"),
            "renew": self.env._("renew"),
            "send_memo": self.env._("send the memo"),
        }
        return labels.get(action, action)

    # ------------------------------------------------------------------ CRUD guards

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_workflow_create(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_workflow_write(vals)
        return super().write(vals)

    def _check_workflow_create(self, vals):
        # Values given in the context (default_state...) count as given.
        given = {
            key.removeprefix("default_"): value for key, value in self.env.context.items()
            if key.startswith("default_")
        } | vals
        state = given.get("state") or self._workflow_initial_state
        forged = [name for name in self._workflow_fields if given.get(name)]
        if state != self._workflow_initial_state or forged:
            raise UserError(self.env._(
                "A new %(document)s starts as %(state)s; its status and %(fields)s are set by its actions only.",
                document=self._description, state=self._workflow_state_label(self._workflow_initial_state),
                fields=self._workflow_field_labels(forged) or self.env._("decisions"),
            ))

    def _check_workflow_write(self, vals):
        protected = [name for name in ("state", *self._workflow_fields) if name in vals]
        if protected:
            raise UserError(self.env._(
                "%(fields)s of %(document)s change only through its actions (the buttons).",
                fields=self._workflow_field_labels(protected), document=self._description,
            ))
        locked = [name for name in self._workflow_draft_fields if name in vals]
        if locked and any(record.state not in self._workflow_draft_states for record in self):
            raise UserError(self.env._(
                "%(fields)s of %(document)s can no longer be changed once it is submitted.",
                fields=self._workflow_field_labels(locked), document=self._description,
            ))

    def _workflow_field_labels(self, names):
        return ", ".join(self._fields[name]._description_string(self.env) for name in names)

import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError

# The membership states in which its file is still being put together: afterwards its checklist is
# what the approvals check.
OPEN_FILE_STATES = ("draft", "deferred")


class GolfMembershipDocument(models.Model):
    """One line of a file's document checklist (R-1.1, R-4.4, R-5.3, R-7.2). The lines of a transferee (R-4.4) or
    of a new nominee (R-5.3) belong to their transfer or nominee change too, and join the membership's file when
    the change is completed."""

    _name = "golf.membership.document"
    _description = "Membership Document"
    _order = "membership_id, dependent_id, sequence, id"
    _check_company_auto = True

    membership_id = fields.Many2one("golf.membership", required=True, ondelete="cascade", index=True)
    dependent_id = fields.Many2one("golf.membership.dependent", ondelete="cascade", index="btree_not_null")
    transfer_id = fields.Many2one("golf.membership.transfer", ondelete="cascade",
                                  index="btree_not_null", readonly=True)
    nominee_change_id = fields.Many2one("golf.membership.nominee.change",
                                        ondelete="cascade", index="btree_not_null", readonly=True)
    company_id = fields.Many2one(related="membership_id.company_id", store=True)
    code = fields.Char(
        required=True, default=lambda self: f"manual_{uuid.uuid4().hex[:8]}",
        help="Technical key of the checklist item; lines added by hand get a unique one.",
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Document", required=True)
    required = fields.Boolean(default=True)
    received = fields.Boolean()
    date_received = fields.Date(string="Received On")
    attachment_ids = fields.Many2many("ir.attachment", string="Scans and Photos")
    note = fields.Char()
    checklist_locked = fields.Boolean(
        compute="_compute_checklist_locked",
        help="The file is submitted: this line can no longer be removed or made optional.",
    )

    _code_uniq = models.Constraint(
        "UNIQUE NULLS NOT DISTINCT (membership_id, dependent_id, transfer_id, nominee_change_id, code)",
        "A document appears only once on a checklist.",
    )

    @api.depends("membership_id.state", "dependent_id.state")
    def _compute_checklist_locked(self):
        for document in self:
            document.checklist_locked = document.membership_id.state not in OPEN_FILE_STATES or (
                bool(document.dependent_id) and document.dependent_id.state != "draft"
            )

    @api.onchange("received")
    def _onchange_received(self):
        for document in self:
            document.date_received = fields.Date.context_today(document) if document.received else False

    def write(self, vals):
        self._check_checklist_write(vals)
        if "received" in vals and "date_received" not in vals:
            vals["date_received"] = fields.Date.context_today(self) if vals["received"] else False
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        """R-1.1: the checklist of a submitted file keeps its lines."""
        if not self.env.su and self.filtered("checklist_locked"):
            raise UserError(self.env._("The file is submitted: its checklist lines can no longer be deleted."))

    def _check_checklist_write(self, vals):
        """R-1.1: once the file is submitted, a line stays on it and stays required (ticking it stays possible);
        only the superuser may change that."""
        if self.env.su:
            return
        locked = self.filtered("checklist_locked")
        if not locked:
            return
        if "required" in vals and not vals["required"] and locked.filtered("required"):
            raise UserError(self.env._(
                "The file is submitted: a required document can no longer be made optional."
            ))
        moved = [name for name in ("membership_id", "dependent_id", "transfer_id", "nominee_change_id") if name in vals]
        if any(document[name].id != (vals[name] or False) for document in locked for name in moved):
            raise UserError(self.env._(
                "The file is submitted: its checklist lines can no longer be moved to another file."
            ))

    def action_mark_received(self):
        self.write({"received": True})

    @api.model
    def _applicant_items(self, membership):
        """R-1.1: application, charter, contract, 4 photos and an ID copy of the applicant."""
        person = membership.member_partner_id.name or ""
        return [
            ("application", self.env._("Application form (入会申请书)")),
            ("charter", self.env._("Signed membership charter and rights (会籍章程及权益书)")),
            ("contract", self.env._("Signed membership contract (入会合约书)")),
            ("photos", self.env._("4 photos of %(person)s", person=person)),
            ("id_copy", self.env._("ID copy of %(person)s", person=person)),
        ]

    @api.model
    def _dependent_items(self, dependent):
        """R-1.1 / R-7.2: spouse: photos, ID and marriage certificate; child: proof of identity."""
        person = dependent.partner_id.name or ""
        items = [("dependent_application", self.env._("Dependent card application signed by the member"))]
        if dependent.relation == "spouse":
            items += [
                ("photos", self.env._("2 photos of %(person)s", person=person)),
                ("id_copy", self.env._("ID copy of %(person)s", person=person)),
                ("marriage_certificate", self.env._("Marriage certificate copy")),
            ]
        else:
            items += [("id_copy", self.env._("ID copy or other proof of identity of %(person)s", person=person))]
        return items

    @api.model
    def _newcomer_items(self, person, photos):
        """R-4.4 / R-5.3: the application, photos and ID copy of a transferee or a new nominee (who signs no new
        charter or contract, R-5.5)."""
        name = person.name or ""
        return [
            ("application", self.env._("Application form of %(person)s (入会申请书)", person=name)),
            ("photos", self.env._("2 photos of %(person)s", person=name) if photos == 2
             else self.env._("4 photos of %(person)s", person=name)),
            ("id_copy", self.env._("ID copy of %(person)s", person=name)),
        ]

    @api.model
    def _ensure_change_checklist(self, changes):
        """The checklist of a transfer (R-4.4: the person who will play, 2 photos) or of a nominee change (R-5.3:
        the new nominee, the photos of R-1.1), on the membership being changed; lines already there stay."""
        field = "transfer_id" if changes._name == "golf.membership.transfer" else "nominee_change_id"
        existing = {(doc[field].id, doc.code) for doc in changes.document_ids}
        vals_list = []
        for change in changes:
            if field == "transfer_id":
                items = self._newcomer_items(change.transferee_nominee_id or change.transferee_id, 2)
            else:
                items = self._newcomer_items(change.new_nominee_id, 4)
            vals_list += [
                {"membership_id": change.membership_id.id, field: change.id, "code": code, "name": name,
                 "sequence": 200 + sequence}
                for sequence, (code, name) in enumerate(items) if (change.id, code) not in existing
            ]
        return self.create(vals_list)

    @api.model
    def _ensure_checklist(self, memberships, dependents=None):
        """Add the checklist lines that are missing; existing lines (and what was received) stay."""
        existing = {
            (doc.membership_id.id, doc.dependent_id.id, doc.code)
            for doc in (memberships.document_ids | (dependents.document_ids if dependents else self.browse()))
        }
        vals_list = []
        for membership in memberships:
            for sequence, (code, name) in enumerate(self._applicant_items(membership)):
                if (membership.id, False, code) not in existing:
                    vals_list.append({"membership_id": membership.id, "code": code, "name": name,
                                      "sequence": sequence})
        for dependent in dependents or []:
            for sequence, (code, name) in enumerate(self._dependent_items(dependent)):
                if (dependent.membership_id.id, dependent.id, code) not in existing:
                    vals_list.append({"membership_id": dependent.membership_id.id, "dependent_id": dependent.id,
                                      "code": code, "name": name, "sequence": 100 + sequence})
        return self.create(vals_list)

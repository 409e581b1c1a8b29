from psycopg2 import IntegrityError

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import format_date, plaintext2html

from ..models.golf_membership import RUNNING_STATES
from .portal import GolfMembershipPortal

# The requests a member files from the portal, each the draft document member services already handle.
REQUEST_KINDS = ("service", "address", "absence", "dependent", "transfer")
# The service request categories a member may choose.
SERVICE_CATEGORIES = ("enquiry", "suggestion", "complaint", "repair", "other")
# The new values of a change of address or name the form offers; e-mail and phone change at /my/account.
ADDRESS_FIELDS = ("new_name", "new_street", "new_street2", "new_city", "new_zip")
# Dependent documents uploaded one by one, each to its line of the checklist.
DEPENDENT_DOCUMENTS = ("dependent_application", "photos", "id_copy", "marriage_certificate")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# The documents of those requests, in the order of REQUEST_KINDS.
REQUEST_MODELS = (
    "golf.service.request", "golf.membership.change.request", "golf.membership.absence",
    "golf.membership.dependent", "golf.membership.transfer",
)


class GolfMembershipPortalRequests(GolfMembershipPortal):
    """Requests from the member portal: a service request (R-11.1, channel online), a change of address or
    name (R-10), an absence (R-9), a dependent card (R-7) and a transfer declaration (R-4.1).

    Portal users have no rights on these documents. The member files only for a membership in their portal
    scope (R-1.10, ``_get_golf_membership_domain``); the controller then creates, as superuser, the same
    document member services create, with the fields of the form only, and takes its first step (``submit``)
    through the workflow engine. The rules are the models' own: their constraints and submission checks refuse
    the request, nothing is kept, and the member reads the reason on the form.
    """

    # ------------------------------------------------------------------ scope

    def _golf_own_membership(self, membership_id):
        """The membership ``membership_id`` if it is one of the member's own (R-1.10), as superuser; else empty."""
        Membership = request.env["golf.membership"]
        if not Membership.has_access("read"):
            return Membership
        domain = Domain("id", "=", membership_id) & self._get_golf_membership_domain()
        return Membership.search(domain, limit=1).sudo()

    def _golf_membership_requests(self, membership_sudo):
        """Every request of the membership, newest first, with its state and the club's answer."""
        env = request.env
        labels = (env._("Service request"), env._("Change of address or name"), env._("Absence application"),
                  env._("Dependent card application"), env._("Transfer declaration"))
        rows = []
        for model, kind in zip(REQUEST_MODELS, labels, strict=True):
            for document in env[model].sudo().search([("membership_id", "=", membership_sudo.id)]):
                rows.append(self._golf_request_row(document, kind))
        return sorted(rows, key=lambda row: (row["date"], row["document"].create_date), reverse=True)

    def _golf_request_row(self, document, kind):
        """A line of the member's history: what was asked, when, its state and the club's answer."""
        env = request.env
        if document._name == "golf.service.request":
            date, title, answer = document.date_received.date(), document.subject, document.resolution
            if not answer and document.state == "in_progress" and document.date_expected:
                # the member is told the date the request will be settled by.
                answer = env._("To be settled by %(date)s.", date=format_date(env, document.date_expected))
        elif document._name == "golf.membership.dependent":
            date, title, answer = document.date_application, document.partner_id.name, False
        else:
            date, title, answer = document.create_date.date(), document.name, document.decision_note
        return {
            "document": document, "kind": kind, "date": date, "title": title, "answer": answer,
            "state": document._workflow_state_label(document.state),
        }

    def _get_page_view_values(self, document, access_token, values, session_history, no_breadcrumbs, **kwargs):
        """The membership page lists the member's requests and the forms to file them, to the member only
        (not to someone opening a shared link)."""
        values = super()._get_page_view_values(
            document, access_token, values, session_history, no_breadcrumbs, **kwargs
        )
        if document._name == "golf.membership":
            own = self._golf_own_membership(document.id)
            values["golf_can_file_requests"] = bool(own) and own.state in RUNNING_STATES
            values["golf_requests"] = self._golf_membership_requests(own) if own else []
            values["golf_request_filed"] = kwargs.get("golf_request_filed")
        return values

    # ------------------------------------------------------------------ routes

    @http.route("/my/requests/address", type="http", auth="user", website=True)
    def portal_golf_address_request_entry(self, **kw):
        """The link of /my/account (R-10.1): the change form of the member's running membership."""
        Membership = request.env["golf.membership"]
        if not Membership.has_access("read"):
            return request.redirect("/my")
        membership = Membership.search(
            self._get_golf_membership_domain() & Domain("state", "in", RUNNING_STATES), order="id", limit=1
        )
        if not membership:
            return request.redirect("/my/memberships")
        return request.redirect(f"/my/memberships/{membership.id}/requests/address")

    @http.route(
        "/my/memberships/<int:membership_id>/requests/<string:kind>", type="http", auth="user", website=True,
        methods=["GET", "POST"],
    )
    def portal_golf_request(self, membership_id, kind, **post):
        membership = self._golf_own_membership(membership_id)
        if not membership or kind not in REQUEST_KINDS:
            return request.redirect("/my/memberships")
        error = False
        if request.httprequest.method == "POST":
            document, error = self._golf_file_request(membership, kind, post)
            if document:
                return request.redirect(
                    f"/my/memberships/{membership.id}?golf_request_filed=1#golf_membership_request_history"
                )
        values = self._prepare_portal_layout_values()
        values.update(self._golf_request_form_values(membership, kind))
        values.update({"membership": membership, "kind": kind, "post": post, "error": error,
                       "page_name": "golf_membership"})
        return request.render(f"golf_membership.portal_golf_request_{kind}", values)

    def _golf_file_request(self, membership, kind, post):
        """(the document filed, False) or (False, why it was refused); a refused request leaves nothing."""
        try:
            with request.env.cr.savepoint():
                document = getattr(self, f"_golf_file_{kind}")(membership, post)
                document.message_post(body=request.env._(
                    "Filed online by %(member)s.", member=request.env.user.partner_id.display_name,
                ))
        except (UserError, ValidationError) as exc:
            return False, exc.args[0]
        except IntegrityError as exc:
            return False, self._golf_constraint_message(exc)
        return document, False

    def _golf_constraint_message(self, exc):
        """The message of the model's database constraint that refused the request, as Odoo shows it."""
        env = request.env
        model = next(
            (env[name] for name, model_class in env.registry.items() if model_class._table == exc.diag.table_name),
            env["base"],
        )
        return model._sql_error_to_message(exc)

    def _golf_request_form_values(self, membership, kind):
        """What the form of a request of ``kind`` shows: its title, what the member must know, its choices."""
        values = {"today": fields.Date.context_today(membership)}
        values.update(getattr(self, f"_golf_{kind}_form_values")(membership))
        return values

    def _golf_service_form_values(self, membership):
        env = request.env
        categories = dict(env["golf.service.request"]._fields["category"]._description_selection(env))
        return {
            "title": env._("Service request"),
            "intro": env._("Ask a question, make a suggestion or a complaint: member services answer within 24 hours."),
            "categories": [(key, categories[key]) for key in SERVICE_CATEGORIES],
        }

    def _golf_address_form_values(self, membership):
        env = request.env
        people = membership.partner_id | membership.nominee_id
        person = env.user.partner_id if env.user.partner_id in people else membership.partner_id
        country = person.country_id or membership.company_id.country_id
        return {
            "title": env._("Change of address or name"),
            "intro": env._(
                "Fill in only what changes. The new name or address is used once the club approves it; later "
                "bills go to the new address."
            ),
            "people": people,
            "default_person": person,
            "countries": env["res.country"].sudo().search([]),
            "default_country": country,
            "country_states": country.state_ids,
        }

    def _golf_absence_form_values(self, membership):
        env, company = request.env, membership.company_id
        return {
            "title": env._("Absence application"),
            "intro": env._(
                "Away from China for %(min)s months or more, you keep your membership without rights or monthly "
                "dues for at most %(max)s months. Apply at least %(days)s days before you leave, with documents "
                "supporting the reason; everything owed to the club must be paid first.",
                min=company.golf_absence_min_months, max=company.golf_absence_max_months,
                days=company.golf_absence_notice_days,
            ),
        }

    def _golf_dependent_form_values(self, membership):
        env = request.env
        return {
            "title": env._("Dependent card application"),
            "intro": env._(
                "Your lawful spouse and your unmarried children aged 4 to 18 may hold a dependent card. A spouse "
                "needs 2 photos, an ID copy and the marriage certificate; a child needs an ID copy or another "
                "proof of identity."
            ),
            "relations": env["golf.membership.dependent"]._fields["relation"]._description_selection(env),
        }

    def _golf_transfer_form_values(self, membership):
        env, company = request.env, membership.company_id
        return {
            "title": env._("Transfer declaration"),
            "intro": env._(
                "A membership can be transferred %(years)s years after it started. Your signed declaration must "
                "reach the club at least %(days)s days before the transfer, with the confirmation signed by the "
                "transferee; everything owed to the club must be paid first.",
                years=company.golf_transfer_min_years, days=company.golf_transfer_notice_days,
            ),
        }

    # ------------------------------------------------------------------ form input

    def _golf_text(self, post, name, label=None):
        """The stripped text ``name``; ``label`` makes it required."""
        value = (post.get(name) or "").strip()
        if label and not value:
            raise UserError(request.env._("Please fill in: %(field)s.", field=label))
        return value

    def _golf_date(self, post, name, label):
        try:
            value = fields.Date.to_date(post.get(name) or None)
        except ValueError:
            value = False
        if not value:
            raise UserError(request.env._("Please enter a valid date: %(field)s.", field=label))
        return value

    def _golf_uploads(self, name):
        """The files sent in the input ``name``, as attachment values (empty inputs are skipped)."""
        uploads = []
        for upload in request.httprequest.files.getlist(name):
            data = upload.read() if upload and upload.filename else b""
            if not data:
                continue
            if len(data) > MAX_UPLOAD_BYTES:
                raise UserError(request.env._("%(file)s is larger than 10 MB.", file=upload.filename))
            uploads.append({"name": upload.filename, "raw": data})
        return uploads

    def _golf_attach(self, document, uploads):
        """The uploaded files, attached to ``document`` (its chatter shows them to member services)."""
        return request.env["ir.attachment"].sudo().create([
            dict(upload, res_model=document._name, res_id=document.id) for upload in uploads
        ])

    def _golf_submit(self, document, attachments=None):
        """The staff flow's first step, by the engine: the document's own rules are checked here."""
        if attachments:
            document.attachment_ids = [fields.Command.link(attachment.id) for attachment in attachments]
        document.action_submit()
        return document

    # ------------------------------------------------------------------ the requests

    def _golf_file_service(self, membership, post):
        """R-11.1: an enquiry, suggestion or complaint received online, answered by member services."""
        env = request.env
        category = post.get("category")
        if category not in SERVICE_CATEGORIES:
            category = "enquiry"
        description = self._golf_text(post, "description")
        document = env["golf.service.request"].sudo().create({
            "subject": self._golf_text(post, "subject", env._("Subject")),
            "description": plaintext2html(description) if description else False,
            "category": category,
            "channel": "online",
            "partner_id": env.user.partner_id.id,
            "membership_id": membership.id,
            "company_id": membership.company_id.id,
        })
        self._golf_attach(document, self._golf_uploads("documents"))
        return document

    def _golf_file_address(self, membership, post):
        """R-10.1: the member's written request for a change of address or name; the club approves it."""
        env = request.env
        people = membership.partner_id | membership.nominee_id
        person = people.filtered(lambda p: str(p.id) == post.get("partner_id"))[:1] or membership.partner_id
        values = {name: self._golf_text(post, name) for name in ADDRESS_FIELDS}
        country = env["res.country"].sudo().browse(int(post.get("new_country_id") or 0)).exists()
        state = env["res.country.state"].sudo().browse(int(post.get("new_state_id") or 0)).exists()
        if state and country and state.country_id != country:
            raise UserError(env._("%(state)s is not in %(country)s.", state=state.name, country=country.name))
        values.update(new_country_id=country.id, new_state_id=state.id)
        document = env["golf.membership.change.request"].sudo().create({
            "membership_id": membership.id,
            "partner_id": person.id,
            **{name: value for name, value in values.items() if value},
        })
        return self._golf_submit(document, self._golf_attach(document, self._golf_uploads("documents")))

    def _golf_file_absence(self, membership, post):
        """R-9.3: the written application with the documents supporting the reason."""
        env = request.env
        uploads = self._golf_uploads("documents")
        document = env["golf.membership.absence"].sudo().create({
            "membership_id": membership.id,
            "date_from": self._golf_date(post, "date_from", env._("Absent from")),
            "date_to": self._golf_date(post, "date_to", env._("Back on")),
            "reason": self._golf_text(post, "reason", env._("Reason")),
            "documents_received": bool(uploads),
        })
        return self._golf_submit(document, self._golf_attach(document, uploads))

    def _golf_file_dependent(self, membership, post):
        """R-7.2: the member's application for a spouse or child, with the documents of the checklist."""
        env = request.env
        relation = post.get("relation") if post.get("relation") in ("spouse", "child") else "spouse"
        name = self._golf_text(post, "dependent_name", env._("Full name"))
        birthdate = post.get("birthdate") and self._golf_date(post, "birthdate", env._("Date of birth"))
        uploads = {code: self._golf_uploads(f"document_{code}") for code in DEPENDENT_DOCUMENTS}
        partner = env["res.partner"].sudo().create({"name": name})
        document = env["golf.membership.dependent"].sudo().create({
            "membership_id": membership.id,
            "partner_id": partner.id,
            "relation": relation,
            "birthdate": birthdate or False,
        })
        document.action_submit()
        for line in document.document_ids:
            attachments = self._golf_attach(document, uploads.get(line.code, []))
            if attachments:
                line.attachment_ids = [fields.Command.link(attachment.id) for attachment in attachments]
        return document

    def _golf_file_transfer(self, membership, post):
        """R-4.1: the member's written transfer declaration, with the transferee's signed confirmation."""
        env = request.env
        Partner = env["res.partner"].sudo()
        declaration = self._golf_uploads("document_declaration")
        confirmation = self._golf_uploads("document_confirmation")
        transferee_values = {
            "name": self._golf_text(post, "transferee_name", env._("Transferee")),
            "email": self._golf_text(post, "transferee_email") or False,
            "phone": self._golf_text(post, "transferee_phone") or False,
        }
        nominee = Partner
        if membership.kind == "corporate":
            transferee = Partner.create(dict(transferee_values, is_company=True))
            nominee = Partner.create({
                "name": self._golf_text(post, "transferee_nominee_name", env._("Transferee's nominee")),
                "parent_id": transferee.id,
            })
        else:
            transferee = Partner.create(transferee_values)
        document = env["golf.membership.transfer"].sudo().create({
            "membership_id": membership.id,
            "transferee_id": transferee.id,
            "transferee_nominee_id": nominee.id,
            "date_effective": self._golf_date(post, "date_effective", env._("Transfer date")),
            "fee_payer": "transferor" if post.get("fee_payer") == "transferor" else "transferee",
            "declaration_received": bool(declaration),
            "confirmation_received": bool(confirmation),
        })
        return self._golf_submit(document, self._golf_attach(document, declaration + confirmation))

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from odoo.addons.account_payment.controllers.payment import PaymentPortal
from odoo.addons.payment import utils as payment_utils

from .portal import GolfMembershipPortal


class GolfPrepaidPaymentPortal(PaymentPortal):
    """R-2.3: a member tops a prepaid account up online, through Odoo's payment page (/payment/pay) whose
    transaction is made by the account's own route: the payment it creates carries the account, which credits
    the balance (payment.transaction._create_payment).

    Who may top up: a user who reads the account (R-1.10: its holder, the nominee, the company's invoice contact)
    or whoever holds the link of the account's e-mails (its top-up token); never a closed account."""

    @http.route("/my/prepaid/<int:account_id>/top_up", type="http", auth="public", methods=["GET"], website=True,
                sitemap=False)
    def golf_prepaid_top_up(self, account_id, access_token=None, amount=None, **kwargs):
        account_sudo = self._golf_prepaid_account_sudo(account_id, access_token)
        if not account_sudo:
            return request.redirect("/my")
        amount = self._cast_as_float(amount)
        if amount is not None and account_sudo.currency_id.compare_amounts(amount, 0) > 0:
            return request.redirect(account_sudo._golf_top_up_payment_url(amount))
        return request.render("golf_membership.portal_golf_prepaid_top_up", {
            "account": account_sudo,
            "access_token": account_sudo._golf_top_up_token(),
            "invalid_amount": amount is not None,
            "page_name": "golf_prepaid_top_up",
        })

    @http.route("/my/prepaid/<int:account_id>/transaction", type="jsonrpc", auth="public")
    def golf_prepaid_transaction(self, account_id, access_token, amount=None, **kwargs):
        """Create the draft transaction of a top-up and return its processing values (as Odoo's
        /invoice/transaction does for an invoice)."""
        account_sudo = self._golf_prepaid_account_sudo(account_id, access_token, token_only=True)
        if not account_sudo:
            raise ValidationError(request.env._("The access token is invalid."))
        amount = self._cast_as_float(amount)
        if amount is None or account_sudo.currency_id.compare_amounts(amount, 0) <= 0:
            raise ValidationError(request.env._("Enter the amount to pay into the prepaid account."))
        self._validate_transaction_kwargs(kwargs)
        partner = account_sudo.partner_id
        tx_sudo = self._create_transaction(
            amount=amount,
            currency_id=account_sudo.currency_id.id,
            partner_id=partner.id,
            reference_prefix=account_sudo.name,
            custom_create_values={"golf_prepaid_account_id": account_sudo.id},
            **kwargs,
        )
        # Odoo's confirmation page wants the transaction and its payment token.
        self._update_landing_route(
            tx_sudo, payment_utils.generate_access_token(partner.id, tx_sudo.amount, tx_sudo.currency_id.id)
        )
        return tx_sudo._get_processing_values()

    def _get_extra_payment_form_values(self, golf_prepaid_account_id=None, golf_token=None, **kwargs):
        """Route the payment of /payment/pay to the prepaid account's transaction route when it tops one up."""
        form_values = super()._get_extra_payment_form_values(**kwargs)
        if golf_prepaid_account_id:
            account_sudo = self._golf_prepaid_account_sudo(self._cast_as_int(golf_prepaid_account_id), golf_token)
            if not account_sudo:
                raise ValidationError(request.env._("The provided parameters are invalid."))
            form_values.update({
                "transaction_route": f"/my/prepaid/{account_sudo.id}/transaction",
                "landing_route": "/payment/confirmation",
                "access_token": account_sudo._golf_top_up_token(),
            })
        return form_values

    @staticmethod
    def _golf_prepaid_account_sudo(account_id, token, token_only=False):
        """The prepaid account (sudo) if it takes money and the visitor may top it up, else an empty recordset."""
        account_sudo = request.env["golf.prepaid.account"].sudo().browse(account_id or []).exists()
        if not account_sudo or account_sudo.state == "closed":
            return account_sudo.browse()
        if account_sudo._golf_check_top_up_token(token):
            return account_sudo
        user = request.env.user
        if not token_only and not user._is_public() and account_sudo.with_user(user).has_access("read"):
            return account_sudo
        return account_sudo.browse()


class GolfMembershipPaymentPortal(GolfMembershipPortal):
    """The member's page lists the prepaid accounts of the membership the member may top up."""

    @http.route()
    def portal_my_golf_membership(self, membership_id, access_token=None, **kw):
        response = super().portal_my_golf_membership(membership_id, access_token=access_token, **kw)
        membership = getattr(response, "qcontext", {}).get("membership")
        if membership:
            Account = request.env["golf.prepaid.account"]
            response.qcontext["golf_top_up_accounts"] = Account.search([
                ("membership_id", "=", membership.id), ("state", "!=", "closed"),
            ]) if Account.has_access("read") else Account
        return response

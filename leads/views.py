"""Public endpoints for patients' callback and consultation requests.

Nothing here reads stored requests: the API accepts a request and answers with a
receipt. Coordinators work on requests in the Wagtail admin.
"""

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.cache import add_never_cache_headers

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.clients import ClientRateThrottle

from .antibot import (
    form_token_id,
    form_token_max_age,
    honeypot_filled,
    issue_form_token,
)
from .antibot import min_fill_seconds as configured_min_fill_seconds
from .parsers import LimitedJSONParser
from .serializers import (
    VALIDATION_ERROR_SCHEMA,
    ConsultationErrorSerializer,
    ConsultationFormTokenSerializer,
    ConsultationReceiptSerializer,
    ConsultationRequestSerializer,
)
from .submission import (
    FormTokenUsed,
    IdempotencyConflict,
    Receipt,
    decoy_receipt,
    replay,
    submit,
    valid_idempotency_key,
)
from .throttling import ConsultationRequestThrottle, client_address, throttle_ident

logger = logging.getLogger(__name__)

IDEMPOTENCY_HEADER = "Idempotency-Key"
CONFLICT_MESSAGE = (
    "This Idempotency-Key was already used for a different request. "
    "Use a new key for a new request."
)

ALREADY_SENT_MESSAGE = (
    "This form was already sent. Reload the form to send another request."
)


def receipt_response(receipt: Receipt) -> Response:
    response = Response(
        ConsultationReceiptSerializer(
            {
                "reference": receipt.reference,
                "status": receipt.status,
                "kind": receipt.kind,
            }
        ).data,
        status=status.HTTP_201_CREATED,
    )
    if receipt.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


class PublicJSONAPIView(APIView):
    """No sessions, hence no CSRF: anyone may call these, with JSON only."""

    authentication_classes: list = []
    permission_classes: list = []
    renderer_classes = [JSONRenderer]
    parser_classes = [LimitedJSONParser]


class ConsultationRequestAPIView(PublicJSONAPIView):
    throttle_classes = [ConsultationRequestThrottle]

    @extend_schema(
        operation_id="consultation_requests_create",
        summary="Send a callback or consultation request",
        description=(
            "Stores a patient's request for the patient coordinators and answers with "
            "a receipt (never the stored data). Fetch a `form_token` when the form is "
            "shown; sending the form faster than `min_fill_seconds` later is refused. "
            "Leave `website` empty. Send an `Idempotency-Key` header to retry safely: "
            "the same key with the same body returns the first receipt again."
        ),
        tags=["consultation-requests"],
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                location=OpenApiParameter.HEADER,
                required=False,
                description="A unique key per request, e.g. a UUID v4 "
                "(16 to 255 visible ASCII characters).",
            )
        ],
        request=ConsultationRequestSerializer,
        responses={
            201: OpenApiResponse(
                ConsultationReceiptSerializer,
                description="Received; show the reference code to the patient. "
                "A retry with the same Idempotency-Key and body gets the same "
                "receipt, with the header `Idempotent-Replayed: true`.",
            ),
            400: OpenApiResponse(
                VALIDATION_ERROR_SCHEMA,
                description="Invalid fields (messages per field), malformed JSON, "
                "an invalid Idempotency-Key, or a form sent too quickly.",
            ),
            409: OpenApiResponse(
                ConsultationErrorSerializer,
                description="The Idempotency-Key was used for a different request.",
            ),
            413: OpenApiResponse(
                ConsultationErrorSerializer, description="Body too large."
            ),
            415: OpenApiResponse(ConsultationErrorSerializer, description="Not JSON."),
            429: OpenApiResponse(
                ConsultationErrorSerializer,
                description="Too many requests from this address; "
                "see the Retry-After header (seconds).",
            ),
        },
        examples=[
            OpenApiExample(
                "Callback request",
                request_only=True,
                value={
                    "kind": "callback",
                    "name": "Maria Rossi",
                    "phone": "02 1234 5678",
                    "country": "IT",
                    "language": "it",
                    "preferred_time": "mornings",
                    "consent": True,
                    "consent_text_version": "2025-01",
                    "form_token": "<from form-token>",
                    "website": "",
                },
            ),
            OpenApiExample(
                "Receipt",
                response_only=True,
                status_codes=["201"],
                value={
                    "reference": "K7M2Q9TX",
                    "status": "received",
                    "kind": "callback",
                },
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        payload = request.data
        if honeypot_filled(payload):
            return receipt_response(decoy_receipt(payload.get("kind")))

        key = request.headers.get(IDEMPOTENCY_HEADER)
        if key is not None and not valid_idempotency_key(key):
            raise ValidationError(
                {
                    "idempotency_key": [
                        "The Idempotency-Key header must be 16 to 255 visible "
                        "ASCII characters, e.g. a UUID."
                    ]
                }
            )
        # A retry is validated like a first send (form token included) before its
        # receipt is replayed: a key alone confirms nothing.
        serializer = ConsultationRequestSerializer(data=payload)
        if not serializer.is_valid():
            # Field names only: the values are the patient's.
            logger.info("Refused a request; invalid: %s", ", ".join(serializer.errors))
            raise ValidationError(serializer.errors)
        client = throttle_ident(client_address(request))
        try:
            if key and (receipt := replay(key, client, payload)):
                return receipt_response(receipt)
            receipt = submit(
                serializer.lead_fields(),
                payload=payload,
                client=client,
                form_token_id=form_token_id(serializer.validated_data["form_token"]),
                idempotency_key=key,
            )
        except IdempotencyConflict:
            return Response(
                {"message": CONFLICT_MESSAGE}, status=status.HTTP_409_CONFLICT
            )
        except FormTokenUsed:
            raise ValidationError({"form_token": [ALREADY_SENT_MESSAGE]}) from None
        except DjangoValidationError as error:
            detail = (
                error.message_dict
                if hasattr(error, "error_dict")
                else {"non_field_errors": error.messages}
            )
            raise ValidationError(detail) from None
        return receipt_response(receipt)


class FormTokenThrottle(ClientRateThrottle):
    """Form tokens are cheap but public: a per-client limit of their own
    (``LEADS_FORM_TOKEN_RATE``), apart from the content API's."""

    scope = "leads_form_token"


class FormTokenAPIView(PublicJSONAPIView):
    throttle_classes = [FormTokenThrottle]

    @extend_schema(
        operation_id="consultation_requests_form_token",
        summary="Get a form token for a request form",
        description="Call when the form is shown and send the token back in "
        "`form_token`. The token is not tied to a person or a session.",
        tags=["consultation-requests"],
        responses={200: ConsultationFormTokenSerializer},
    )
    def get(self, request: Request) -> Response:
        data = {
            "form_token": issue_form_token(),
            "min_fill_seconds": configured_min_fill_seconds(),
            "expires_in": form_token_max_age(),
        }
        response = Response(ConsultationFormTokenSerializer(data).data)
        add_never_cache_headers(response)
        return response


consultation_request_view = ConsultationRequestAPIView.as_view()
form_token_view = FormTokenAPIView.as_view()

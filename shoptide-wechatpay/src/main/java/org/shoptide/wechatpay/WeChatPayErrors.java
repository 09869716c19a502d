package org.shoptide.wechatpay;

import com.wechat.pay.java.core.exception.HttpException;
import com.wechat.pay.java.core.exception.ServiceException;
import java.util.Set;
import org.shoptide.core.port.PaymentProvider.PaymentException;

/**
 * Maps what the SDK throws onto {@link PaymentException}. Retryable means "the outcome is unknown, repeat the same call
 * with the same {@code out_trade_no}/{@code out_refund_no}": transport failures and time-outs ({@link HttpException}),
 * HTTP 5xx and 429, WeChat's {@code SYSTEM_ERROR}/{@code FREQUENCY_LIMITED}/{@code BANK_ERROR}, and responses that fail
 * the SDK's signature or freshness check (the answer cannot be trusted, the call may have happened). Everything else is
 * a definite answer and not retryable: {@code ORDERPAID} (already paid: query instead of paying again),
 * {@code ORDER_CLOSED}, {@code OUT_TRADE_NO_USED}, {@code INVALID_REQUEST}, {@code PARAM_ERROR}, {@code NOT_ENOUGH},
 * {@code SIGN_ERROR}, ... Messages name the operation, the merchant id and WeChat's code, never credentials.
 */
final class WeChatPayErrors {

    private static final Set<String> RETRYABLE_CODES = Set.of("SYSTEM_ERROR", "SYSTEMERROR", "FREQUENCY_LIMITED",
            "BANK_ERROR", "BANKERROR");

    private WeChatPayErrors() {
    }

    /** True for WeChat's "no such order/refund" answers. */
    static boolean notFound(ServiceException e) {
        return e.getHttpStatusCode() == 404 || "ORDER_NOT_EXIST".equals(e.getErrorCode())
                || "ORDERNOTEXIST".equals(e.getErrorCode()) || "RESOURCE_NOT_EXISTS".equals(e.getErrorCode());
    }

    static PaymentException map(String operation, String id, RuntimeException e) {
        if (e instanceof HttpException) {
            return new PaymentException(operation + " " + id + ": no answer from WeChat Pay (" + cause(e)
                    + "); the outcome is unknown, retry with the same id", true, e);
        }
        if (e instanceof ServiceException s) {
            String code = s.getErrorCode() == null ? "HTTP_" + s.getHttpStatusCode() : s.getErrorCode();
            boolean retryable = s.getHttpStatusCode() >= 500 || s.getHttpStatusCode() == 429
                    || RETRYABLE_CODES.contains(code);
            String what = switch (code) {
                case "ORDERPAID" -> "already paid; query it instead of paying again";
                case "ORDER_CLOSED" -> "the payment is closed; create a new payment id";
                case "OUT_TRADE_NO_USED" -> "this out_trade_no was used with other parameters";
                case "NOT_ENOUGH" -> "the merchant's balance does not cover the refund";
                case "SIGN_ERROR" -> "WeChat Pay refused the request signature (merchant key or serial number)";
                default -> s.getErrorMessage() == null ? "refused" : s.getErrorMessage();
            };
            return new PaymentException(
                    operation + " " + id + ": WeChat Pay answered " + s.getHttpStatusCode() + " " + code + ": " + what,
                    retryable, e);
        }
        return new PaymentException(operation + " " + id + ": the answer of WeChat Pay could not be verified or read ("
                + e.getClass().getSimpleName() + "); the outcome is unknown, retry with the same id", true, e);
    }

    private static String cause(Throwable e) {
        Throwable c = e.getCause() == null ? e : e.getCause();
        return c.getClass().getSimpleName();
    }
}

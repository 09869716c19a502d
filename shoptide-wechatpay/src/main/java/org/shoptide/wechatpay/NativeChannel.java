package org.shoptide.wechatpay;

import com.wechat.pay.java.service.payments.nativepay.NativePayService;
import com.wechat.pay.java.service.payments.nativepay.model.Amount;
import com.wechat.pay.java.service.payments.nativepay.model.PrepayRequest;
import org.shoptide.core.port.PaymentProvider.Prepay;

/** WeChat Pay Native prepay ({@code POST /v3/pay/transactions/native}): the {@code code_url} shown as a QR code. */
final class NativeChannel {

    private NativeChannel() {
    }

    static Prepay prepay(NativePayService service, WeChatPayConfig config, WeChatPayProvider.Order order) {
        PrepayRequest r = new PrepayRequest();
        r.setAppid(config.appId());
        r.setMchid(config.merchantId());
        r.setDescription(order.description());
        r.setOutTradeNo(order.outTradeNo());
        r.setTimeExpire(order.timeExpire());
        r.setNotifyUrl(order.notifyUrl());
        Amount amount = new Amount();
        amount.setTotal(order.total());
        amount.setCurrency("CNY");
        r.setAmount(amount);
        return new Prepay(order.outTradeNo(), service.prepay(r).getCodeUrl(), null, null);
    }
}

package org.shoptide.wechatpay;

import com.wechat.pay.java.service.payments.jsapi.JsapiServiceExtension;
import com.wechat.pay.java.service.payments.jsapi.model.Amount;
import com.wechat.pay.java.service.payments.jsapi.model.Payer;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayRequest;
import com.wechat.pay.java.service.payments.jsapi.model.PrepayWithRequestPaymentResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.shoptide.core.port.PaymentProvider.Prepay;

/**
 * WeChat Pay JSAPI prepay ({@code POST /v3/pay/transactions/jsapi}) for official accounts and mini programs. The SDK's
 * {@link JsapiServiceExtension} signs the client parameters with the merchant key ({@code paySign} = RSA-SHA256 over
 * {@code appId\ntimeStamp\nnonceStr\npackage\n}); the client passes them unchanged to {@code wx.requestPayment} or
 * {@code WeixinJSBridge}.
 */
final class JsapiChannel {

    private JsapiChannel() {
    }

    static Prepay prepay(JsapiServiceExtension service, WeChatPayConfig config, WeChatPayProvider.Order order,
            String openid) {
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
        Payer payer = new Payer();
        payer.setOpenid(openid);
        r.setPayer(payer);
        PrepayWithRequestPaymentResponse p = service.prepayWithRequestPayment(r);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("appId", p.getAppId());
        params.put("timeStamp", p.getTimeStamp());
        params.put("nonceStr", p.getNonceStr());
        params.put("package", p.getPackageVal());
        params.put("signType", p.getSignType());
        params.put("paySign", p.getPaySign());
        return new Prepay(order.outTradeNo(), null, params, null);
    }
}

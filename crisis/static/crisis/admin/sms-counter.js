/*
 * Live SMS counter on the alert compose form (progressive enhancement).
 *
 * Mirrors crisis/sms.py: Polish transliteration, GSM-7 basic and extension tables (extension
 * characters count 2, an escape pair is never split), UCS-2 in UTF-16 code units, 160/153 and
 * 70/67 per part. Without JavaScript the "Podgląd SMS" button renders the same preview on the server,
 * and the server's count is the one that decides.
 */
(function () {
  "use strict";

  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "^{}\\[~]|€\f";
  var MAP = {
    "ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z",
    "Ą": "A", "Ć": "C", "Ę": "E", "Ł": "L", "Ń": "N", "Ó": "O", "Ś": "S", "Ź": "Z", "Ż": "Z",
    "„": '"', "”": '"', "“": '"', "«": '"', "»": '"', "″": '"',
    "‚": "'", "‘": "'", "’": "'", "′": "'",
    "–": "-", "—": "-", "‒": "-", "−": "-", "‐": "-", "‑": "-",
    "…": "...", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " "
  };
  var CAPACITY = { "GSM-7": [160, 153], "UCS-2": [70, 67] };

  function transliterate(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      out += Object.prototype.hasOwnProperty.call(MAP, c) ? MAP[c] : c;
    }
    return out;
  }

  function info(raw, doTransliterate) {
    var text = raw.replace(/\r\n/g, "\n");
    if (doTransliterate) { text = transliterate(text); }
    text = text.trim();
    var chars = Array.from(text);
    var ucs2 = [];
    chars.forEach(function (c) {
      if (BASIC.indexOf(c) === -1 && EXTENSION.indexOf(c) === -1 && ucs2.indexOf(c) === -1) { ucs2.push(c); }
    });
    var encoding = ucs2.length ? "UCS-2" : "GSM-7";
    var widths = chars.map(function (c) {
      if (encoding === "GSM-7") { return EXTENSION.indexOf(c) === -1 ? 1 : 2; }
      return c.length;  // a character outside the BMP is a surrogate pair: two code units
    });
    var total = widths.reduce(function (a, b) { return a + b; }, 0);
    var single = CAPACITY[encoding][0], perPart = CAPACITY[encoding][1];
    var parts = 0;
    if (total > 0 && total <= single) { parts = 1; }
    if (total > single) {
      parts = 1;
      var used = 0;
      widths.forEach(function (w) {
        if (used + w > perPart) { parts += 1; used = 0; }
        used += w;
      });
    }
    return { text: text, encoding: encoding, chars: total, parts: parts, ucs2: ucs2 };
  }

  function setup(form) {
    var textarea = form.querySelector("[data-sms-text]");
    var toggle = form.querySelector("[data-sms-transliterate]");
    var maxInput = form.querySelector("[data-sms-max-parts]");
    var preview = form.querySelector("[data-sms-preview]");
    if (!textarea || !preview) { return; }

    function q(name) { return preview.querySelector("[data-" + name + "]"); }

    function update() {
      var result = info(textarea.value, toggle ? toggle.checked : true);
      var max = parseInt(maxInput && maxInput.value, 10) || 1;
      var limit = max <= 1 ? CAPACITY[result.encoding][0] : CAPACITY[result.encoding][1] * max;
      var textEl = q("sms-preview-text");
      textEl.textContent = result.text || "";
      q("sms-chars").textContent = result.chars;
      q("sms-limit").textContent = limit;
      q("sms-encoding").textContent = result.encoding;
      q("sms-parts").textContent = result.parts;
      q("sms-max").textContent = max;
      q("sms-ucs2-chars").textContent = result.ucs2.join(" ");
      q("sms-ucs2").hidden = result.ucs2.length === 0;
      q("sms-over").hidden = result.parts <= max;
    }

    textarea.addEventListener("input", update);
    if (toggle) { toggle.addEventListener("change", update); }
    if (maxInput) { maxInput.addEventListener("input", update); }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
      if (form.querySelector("[data-sms-preview]")) { setup(form); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

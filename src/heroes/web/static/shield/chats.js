// Chat exports read in the browser, as heroes.grooming reads them on a computer: WhatsApp "Export chat" text
// (Android and iOS, either date order; whatsapp.py) and Telegram Desktop JSON (telegram.py), decoded as decode.py
// guesses (BOM, UTF-8, else Windows-1252). The file never leaves the page: it is read, parsed and forgotten.
(function (root) {
  "use strict";

  var DATE = "(\\d{1,4})[./-](\\d{1,2})[./-](\\d{1,4})";
  var TIME = "(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?(?:[\\s\\u202f\\u00a0]*([AaPp])\\.?\\s?[Mm]\\.?)?";
  var ANDROID = new RegExp("^\\u200e?" + DATE + ",?\\s+" + TIME + "\\s+[-\\u2013]\\s+([\\s\\S]*)$");
  var IOS = new RegExp("^\\u200e?\\[" + DATE + ",?\\s+" + TIME + "\\]\\s+([\\s\\S]*)$");
  var AUTHOR = /^([^:]{1,80}?):\s?([\s\S]*)$/;
  var INVISIBLE = /[\u200e\u200f\ufeff]/g;
  // Python's \d also reads the digits of other scripts (a Bengali phone writes dates in Bengali digits)
  var DIGIT_BLOCKS = [0x660, 0x6f0, 0x966, 0x9e6];

  function asciiDigits(line) {
    return line.replace(/[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\u09e6-\u09ef]/g, function (c) {
      var cp = c.charCodeAt(0);
      for (var i = 0; i < DIGIT_BLOCKS.length; i++) {
        if (cp >= DIGIT_BLOCKS[i] && cp < DIGIT_BLOCKS[i] + 10) { return String(cp - DIGIT_BLOCKS[i]); }
      }
      return c;
    });
  }

  function ChatError(message) { this.message = message; }

  // decode.py guess_encoding + decode_bytes
  function decode(buffer) {
    var b = new Uint8Array(buffer);
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) { return new TextDecoder("utf-8").decode(b.subarray(3)); }
    if (b[0] === 0xff && b[1] === 0xfe) { return new TextDecoder("utf-16le").decode(b.subarray(2)); }
    if (b[0] === 0xfe && b[1] === 0xff) { return new TextDecoder("utf-16be").decode(b.subarray(2)); }
    if (b.length >= 4 && b[1] === 0 && b[3] === 0 && !(b[0] === 0 && b[2] === 0)) {
      return new TextDecoder("utf-16le").decode(b);
    }
    return new TextDecoder(utf8Head(b.subarray(0, 65536)) ? "utf-8" : "windows-1252").decode(b);
  }

  function utf8Head(head) {  // like decode.py: an error in the last 4 bytes is a character cut by the sample
    var strict = new TextDecoder("utf-8", {fatal: true});
    try { strict.decode(head); return true; } catch (e) { /* look closer */ }
    try { strict.decode(head.subarray(0, Math.max(0, head.length - 4))); return true; } catch (e) { return false; }
  }

  function lines(text) { return text.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n"); }

  // whatsapp.py parse_whatsapp
  function parseWhatsApp(text) {
    var dayFirst = null, messages = [], author = null, body = null, t = null, seenAny = false;
    lines(text).forEach(function (raw, n) {
      var line = asciiDigits(raw.replace(INVISIBLE, ""));
      var m = ANDROID.exec(line) || IOS.exec(line);
      if (!m) {
        if (author !== null) { body = body + "\n" + raw.replace(INVISIBLE, ""); }
        else if (line.trim() && !seenAny) { throw new ChatError("line " + (n + 1) + ": not a WhatsApp export line"); }
        return;
      }
      seenAny = true;
      if (author !== null) { messages.push({author: author, text: body || "", t: t}); author = null; }
      var a = +m[1], b = +m[2], c = +m[3], year, month, day;
      if (a > 31) { year = a; month = b; day = c; } else {
        if (dayFirst === null) { if (a > 12) { dayFirst = true; } else if (b > 12) { dayFirst = false; } }
        if (dayFirst === false) { day = b; month = a; } else { day = a; month = b; }
        year = c < 100 ? c + 2000 : c;
      }
      var h = +m[4];
      if (m[7]) { h = h % 12 + (m[7].toLowerCase() === "p" ? 12 : 0); }
      var ms = Date.UTC(year, month - 1, day, h, +m[5], +(m[6] || 0));
      var check = new Date(ms);
      if (month < 1 || month > 12 || check.getUTCDate() !== day || h > 23 || +m[5] > 59 || +(m[6] || 0) > 59) {
        throw new ChatError("line " + (n + 1) + ": bad date or time");
      }
      var who = AUTHOR.exec(m[8]);
      if (!who) { return; }  // a system event: no author
      author = who[1].trim(); body = who[2]; t = ms / 1000;
    });
    if (author !== null) { messages.push({author: author, text: body || "", t: t}); }
    return messages;
  }

  // telegram.py parse_telegram
  function flatten(value) {
    if (typeof value === "string") { return value; }
    if (Array.isArray(value)) {
      return value.map(function (part) {
        if (typeof part === "string") { return part; }
        if (part && typeof part === "object" && !Array.isArray(part)) { return String(part.text !== undefined ? part.text : ""); }
        return "";
      }).join("");
    }
    return "";
  }
  function parseTelegram(text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { throw new ChatError("invalid JSON"); }
    if (!data || typeof data !== "object" || Array.isArray(data)) { throw new ChatError("not a Telegram export"); }
    var chats;
    if (data.chats && typeof data.chats === "object" && !Array.isArray(data.chats)) { chats = data.chats.list || []; }
    else if ("messages" in data) { chats = [data]; }
    else { throw new ChatError("not a Telegram export"); }
    return chats.map(function (chat, n) {
      if (!chat || typeof chat !== "object" || !Array.isArray(chat.messages || [])) {
        throw new ChatError("chat " + n + ": 'messages' is not a list");
      }
      var msgs = (chat.messages || []).filter(function (m) {
        return m && typeof m === "object" && !Array.isArray(m) && (m.type === undefined ? "message" : m.type) === "message";
      }).map(function (m) {
        var raw = m.date_unixtime, t = null;
        if ((typeof raw === "string" && raw.trim()) || typeof raw === "number") { t = Number(raw); }
        return {author: String(m.from || m.from_id || "?"), text: flatten(m.text), t: t === null || isNaN(t) ? null : t};
      });
      return {id: String(chat.id || chat.name || n), messages: msgs};
    });
  }

  // the conversations of one file: [{id, messages: [{author, text, t}]}]
  function read(name, buffer) {
    var text = decode(buffer);
    var first = text.replace(/^\ufeff/, "").trimStart();
    if (first.charAt(0) === "{") { return parseTelegram(text); }
    var stem = name.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "") || "chat";
    return [{id: stem, messages: parseWhatsApp(text)}];
  }

  root.HeroesShieldChats = {read: read, ChatError: ChatError};
})(typeof self !== "undefined" ? self : this);

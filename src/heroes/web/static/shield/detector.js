// The grooming detector of heroes.grooming, ported to run in the browser on the same bundle (bundle.json, built by
// `heroes grooming bundle` from the package's YAML, settings and ONNX model). Each function mirrors the Python one
// named beside it, step for step and in the same order, so both give the same risk (tests/web/
// test_web_shield_parity.py compares them). Nothing here touches the network or the page.
(function (root) {
  "use strict";

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function decodeF32(b64) {  // little-endian float32 array, as bundle.py writes it
    var bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    return new Float32Array(bytes.buffer);
  }

  function toMap(obj) {  // a Map, so that a token such as "constructor" is never an Object property
    var m = new Map();
    Object.keys(obj).forEach(function (k) { m.set(k, obj[k]); });
    return m;
  }

  // heroes.grooming.normalise.normalise
  function Normaliser(spec) {
    this.emoji = new Map(spec.emoji);
    this.emojiRe = spec.emoji.length ?
      new RegExp(spec.emoji.map(function (e) { return escapeRegExp(e[0]); }).join("|"), "gu") : null;
    this.abbreviations = toMap(spec.abbreviations);
    this.leet = toMap(spec.leet);
    this.mixed = new RegExp(spec.mixed);
    this.age = new RegExp(spec.age, "g");
    this.stretch = new RegExp(spec.stretch, "g");
    this.token = new RegExp(spec.token, "g");
    this.apostrophes = new RegExp(spec.apostrophes, "g");
    var cls = spec.combining.map(function (r) {
      return "\\u{" + r[0].toString(16) + "}-\\u{" + r[1].toString(16) + "}";
    }).join("");
    this.combining = new RegExp("[" + cls + "]", "gu");
  }
  Normaliser.prototype.tok = function (token) {  // _token
    var ab = this.abbreviations, leet = this.leet;
    if (ab.has(token)) { return ab.get(token); }
    if (this.mixed.test(token)) {
      var undone = Array.from(token).map(function (c) { return leet.has(c) ? leet.get(c) : c; }).join("");
      return ab.has(undone) ? ab.get(undone) : undone;
    }
    var stretched = token.replace(this.stretch, "$1");
    if (stretched !== token) { return ab.has(stretched) ? ab.get(stretched) : stretched; }
    return token;
  };
  Normaliser.prototype.normalise = function (text) {
    var emoji = this.emoji;
    if (this.emojiRe) { text = text.replace(this.emojiRe, function (m) { return emoji.get(m); }); }
    text = text.toLowerCase().normalize("NFKD").replace(this.combining, "");  // _strip(text.lower())
    text = text.replace(this.apostrophes, "");
    text = text.replace(this.age, "$1 years");
    var tokens = text.match(this.token) || [];
    var self = this;
    return tokens.map(function (t) { return self.tok(t); }).join(" ");
  };

  // heroes.grooming.learned.Learned: the ONNX graph of train.py (term counts x idf, L2, linear, softmax)
  function Model(spec) {
    this.classes = spec.classes;
    this.features = spec.features;
    this.ngrams = toMap(spec.ngrams);
    this.idf = decodeF32(spec.idf);
    this.coef = decodeF32(spec.coefficients);
    this.intercepts = spec.intercepts;
  }
  Model.prototype.predict = function (norm) {
    var tokens = norm.match(/[a-z0-9_]+/g) || [];
    var counts = new Map(), i, f;
    for (i = 0; i < tokens.length; i++) {
      var grams = [tokens[i]];
      if (i + 1 < tokens.length) { grams.push(tokens[i] + " " + tokens[i + 1]); }
      for (var g = 0; g < grams.length; g++) {
        f = this.ngrams.get(grams[g]);
        if (f !== undefined) { counts.set(f, (counts.get(f) || 0) + 1); }
      }
    }
    var x = [], sq = 0;
    counts.forEach(function (n, feat) { var v = n * this.idf[feat]; x.push([feat, v]); sq += v * v; }, this);
    var norm2 = Math.sqrt(sq);
    var C = this.classes.length, scores = new Array(C), top = -Infinity, c;
    for (c = 0; c < C; c++) {
      var s = this.intercepts[c], row = c * this.features;
      for (i = 0; i < x.length; i++) { s += this.coef[row + x[i][0]] * (x[i][1] / norm2); }
      scores[c] = s;
      if (s > top) { top = s; }
    }
    var total = 0, out = {};
    for (c = 0; c < C; c++) { scores[c] = Math.exp(scores[c] - top); total += scores[c]; }
    for (c = 0; c < C; c++) { out[this.classes[c]] = scores[c] / total; }
    return out;
  };

  function Detector(bundle) {
    var p = bundle.patterns, cues = p.cues;
    this.settings = bundle.settings;
    this.normaliser = new Normaliser(bundle.normaliser);
    this.model = new Model(bundle.model);
    this.stages = p.stages.map(function (st) {
      return {name: st.name, weight: st.weight, severe: st.severe, reciprocal: st.reciprocal, peer: st.peer,
              forms: st.forms.map(function (f) { return [new RegExp(f[0]), f[1]]; })};
    });
    this.severe = new Set(this.stages.filter(function (s) { return s.severe; }).map(function (s) { return s.name; }));
    this.reciprocal = this.stages.filter(function (s) { return s.reciprocal; })
      .map(function (s) { return s.name; }).sort();
    this.peerStages = this.stages.filter(function (s) { return s.peer; }).map(function (s) { return s.name; }).sort();
    this.slipWeight = this.stages.filter(function (s) { return s.name === "adult_slip"; })[0].weight;
    this.protective = new RegExp(p.protective.pattern);
    this.lasting = new RegExp(p.protective.lasting);
    this.protectiveFactor = p.protective.factor;
    this.authorFactor = p.protective.author_factor;
    this.cues = {
      refusal: new RegExp(cues.refusal), kinName: new RegExp(cues.kin_name),
      kinAddress: new RegExp(cues.kin_address), adult: new RegExp(cues.adult),
      ageClaim: cues.age_claim.map(function (c) { return [new RegExp(c[0]), c[1]]; })
    };
  }
  Detector.prototype.normalise = function (text) { return this.normaliser.normalise(text); };

  // heroes.grooming.patterns.claimed_age
  Detector.prototype.claimedAge = function (norm) {
    for (var i = 0; i < this.cues.ageClaim.length; i++) {
      var m = this.cues.ageClaim[i][0].exec(norm);
      if (!m) { continue; }
      if (this.cues.ageClaim[i][1] && m[1]) {
        var age = parseInt(m[1], 10);
        return age >= 5 && age <= 80 ? [age, age < 18] : [null, false];
      }
      return [null, true];
    }
    return [null, false];
  };

  // heroes.grooming.monitor.read
  Detector.prototype.read = function (text, learned) {
    var norm = this.normalise(text);
    var found = new Map(), i, j, st;
    for (i = 0; i < this.stages.length; i++) {  // patterns.match
      st = this.stages[i];
      for (j = 0; j < st.forms.length; j++) {
        if (st.forms[j][0].test(norm)) { found.set(st.name, st.forms[j][1]); break; }
      }
    }
    var probs = (learned !== false && norm) ? this.model.predict(norm) : null;
    var sign = probs ? 1.0 - (probs.none !== undefined ? probs.none : 0.5) : 0.5;
    var scores = new Map();
    for (i = 0; i < this.stages.length; i++) {
      st = this.stages[i];
      var weight = found.get(st.name) || 0.0;
      var p = probs && probs[st.name] !== undefined ? probs[st.name] : 0.0;
      if (weight) { scores.set(st.name, weight * (0.7 + 0.6 * sign)); }
      else if (p >= this.settings.learned_only) { scores.set(st.name, st.weight * 0.8 * p); }
    }
    var prot = this.protective.test(norm);
    if (prot) {
      var factor = this.protectiveFactor, severe = this.severe;
      scores.forEach(function (v, k) { if (!severe.has(k)) { scores.set(k, v * factor); } });
    }
    var claim = this.claimedAge(norm);
    return {scores: scores, protective: prot, lasting: this.lasting.test(norm), refusal: this.cues.refusal.test(norm),
            kinAddress: this.cues.kinAddress.test(norm), age: claim[0], child: claim[1],
            adult: this.cues.adult.test(norm)};
  };

  function sumValues(map) { var t = 0; map.forEach(function (v) { t += v; }); return t; }

  // heroes.grooming.monitor.GroomingMonitor
  function Monitor(detector, learned) {
    this.d = detector;
    this.s = detector.settings;
    this.learned = learned !== false;
    this.index = -1;
    this.authors = new Map();
    this.lastT = null;
    this.refused = new Map();
    this.kinCallers = new Set();
    this.perMessage = Math.pow(0.5, 1.0 / this.s.half_life_messages);
  }
  Monitor.prototype.decay = function (t) {
    var s = this.s, factor = this.perMessage;
    if (t !== null && t !== undefined && this.lastT !== null) {
      var quiet = t - this.lastT - s.quiet_seconds;
      if (quiet > 0) { factor *= Math.pow(0.5, quiet / s.half_life_quiet_seconds); }
    }
    if (t !== null && t !== undefined) { this.lastT = this.lastT === null ? t : Math.max(t, this.lastT); }
    this.authors.forEach(function (state) {
      Array.from(state.scores.keys()).forEach(function (stage) {
        var v = state.scores.get(stage) * factor;
        if (v < 0.01) { state.scores.delete(stage); } else { state.scores.set(stage, v); }
      });
      state.raw = sumValues(state.scores);
    });
  };
  Monitor.prototype.author = function (name) {
    if (!this.authors.has(name)) {
      this.authors.set(name, {family: this.d.cues.kinName.test(this.d.normalise(name)), scores: new Map(),
                              evidence: [], shown: new Set(), alerted: false, raw: 0.0, lasting: false,
                              ages: [], child: false, adult: false, slipped: false, peer: false});
    }
    return this.authors.get(name);
  };
  Monitor.prototype.slipped = function (state, r) {
    var slip = false, gap = this.s.age_gap;
    if (r.age !== null) {
      slip = state.ages.some(function (a) { return Math.abs(r.age - a) >= gap; });
      slip = slip || (state.child && r.age >= 18);
      state.ages.push(r.age);
    }
    if (r.child) {
      slip = slip || state.adult || state.ages.some(function (a) { return a >= 18; });
      state.child = true;
    }
    if (r.adult) {
      slip = slip || state.child;
      state.adult = true;
    }
    return slip;
  };
  Monitor.prototype.pairPeers = function (author, state) {  // _pair_peers
    var s = this.s, d = this.d;
    if (state.slipped || !state.ages.length || state.ages[state.ages.length - 1] >= 18) { return; }
    var mine = state.ages[state.ages.length - 1], matched = [];
    this.authors.forEach(function (o, a) {
      var last = o.ages.length ? o.ages[o.ages.length - 1] : null;
      if (a !== author && !o.slipped && last !== null && last < 18 && Math.abs(last - mine) < s.age_gap) { matched.push(o); }
    });
    if (!matched.length) { return; }
    [state].concat(matched).forEach(function (peer) {
      if (peer.peer) { return; }
      peer.peer = true;
      d.peerStages.forEach(function (stage) {
        if (peer.scores.has(stage)) { peer.scores.set(stage, peer.scores.get(stage) * s.reciprocal_factor); }
      });
      peer.raw = sumValues(peer.scores);
    });
  };
  Monitor.prototype.inContext = function (author, state, r) {
    var s = this.s, self = this;
    var scores = new Map(r.scores);
    if (this.slipped(state, r)) {
      scores.set("adult_slip", this.d.slipWeight);
      state.slipped = true;
      state.peer = false;
    } else if (r.age !== null && !state.peer) {
      this.pairPeers(author, state);
    }
    if (scores.has("pressure")) {
      var refused = false;
      this.refused.forEach(function (i, a) { if (a !== author && self.index - i <= s.refusal_window) { refused = true; } });
      if (!refused) { scores.set("pressure", scores.get("pressure") * s.unprompted_pressure); }
    }
    if (state.peer) {
      this.d.peerStages.forEach(function (stage) {
        if (scores.has(stage)) { scores.set(stage, scores.get(stage) * s.reciprocal_factor); }
      });
    }
    this.d.reciprocal.forEach(function (stage) {
      if (!scores.has(stage)) { return; }
      var others = [];
      self.authors.forEach(function (o, a) { if (a !== author && o.shown.has(stage)) { others.push(o); } });
      if (others.length) {
        scores.set(stage, scores.get(stage) * s.reciprocal_factor);
        others.forEach(function (o) {
          if (o.scores.has(stage)) {
            o.scores.set(stage, o.scores.get(stage) * s.reciprocal_factor);
            o.raw = sumValues(o.scores);
          }
        });
      }
    });
    var family = state.family;
    this.kinCallers.forEach(function (a) { if (a !== author) { family = true; } });
    var damp = (state.lasting ? this.d.authorFactor : 1.0) * (family ? s.family_factor : 1.0);
    if (damp !== 1.0) {
      scores.forEach(function (v, k) { if (!self.d.severe.has(k)) { scores.set(k, v * damp); } });
    }
    return scores;
  };
  // feed(message) -> alert or null; message = {author, text, t}
  Monitor.prototype.feed = function (message) {
    this.index += 1;
    var t = message.t === undefined ? null : message.t;
    this.decay(t);
    var r = this.d.read(message.text, this.learned);
    var author = message.author, state = this.author(author), index = this.index, s = this.s;
    if (r.refusal) { this.refused.set(author, index); }
    if (r.kinAddress) { this.kinCallers.add(author); }
    if (r.lasting) { state.lasting = true; }
    var scores = this.inContext(author, state, r);
    scores.forEach(function (score, stage) {
      var old = state.scores.has(stage) ? state.scores.get(stage) : 0.0;
      state.scores.set(stage, Math.max(old, score) + 0.2 * Math.min(old, score));
      state.shown.add(stage);
      state.evidence.push({index: index, stage: stage, score: score, text: message.text});
      if (state.evidence.length > s.max_evidence) { state.evidence.shift(); }
    });
    state.raw = sumValues(state.scores);
    if (state.alerted || !this.alerting(state)) { return null; }
    state.alerted = true;
    return {index: index, suspect: author, risk: this.riskOf(state), stages: this.stagesOf(state),
            evidence: state.evidence.slice()};
  };
  Monitor.prototype.stagesOf = function (state) {
    var floor = this.s.stage_floor, out = [];
    state.scores.forEach(function (v, k) { if (v >= floor) { out.push(k); } });
    return out.sort();
  };
  Monitor.prototype.alerting = function (state) {
    var s = this.s, severe = false;
    this.d.severe.forEach(function (name) { if ((state.scores.get(name) || 0.0) >= s.severe_level) { severe = true; } });
    if (severe) { return true; }
    return state.raw >= s.threshold && this.stagesOf(state).length >= s.min_stages;
  };
  Monitor.prototype.riskOf = function (state) {
    return 1.0 - Math.exp(-state.raw * Math.LN2 / this.s.threshold);
  };
  Monitor.prototype.suspect = function () {
    var best = null, bestState = null;
    this.authors.forEach(function (st, name) {
      if (bestState === null || (st.alerted && !bestState.alerted) ||
          (st.alerted === bestState.alerted && st.raw > bestState.raw)) { best = name; bestState = st; }
    });
    return bestState && (bestState.raw > 0 || bestState.alerted) ? best : null;
  };
  Monitor.prototype.risk = function () {
    var top = 0.0, self = this;
    this.authors.forEach(function (st) { top = Math.max(top, self.riskOf(st)); });
    return top;
  };
  Monitor.prototype.evidenceOf = function (author) {
    var st = this.authors.get(author);
    return st ? st.evidence.slice() : [];
  };

  // heroes.grooming.scan.scan_conversation: one whole conversation, summarised
  Detector.prototype.scan = function (messages, learned) {
    var m = new Monitor(this, learned), first = null, peak = 0.0;
    messages.forEach(function (msg) {
      var alert = m.feed(msg);
      peak = Math.max(peak, m.risk());
      if (alert && !first) { first = alert; }
    });
    var suspect = first ? first.suspect : m.suspect();
    var evidence = suspect ? m.evidenceOf(suspect) : [];
    var stages = Array.from(new Set(evidence.map(function (e) { return e.stage; }))).sort();
    return {messages: m.index + 1, risk: peak, alert: first !== null, first_alert_index: first ? first.index : null,
            suspect: suspect, evidence: evidence, stages: stages};
  };
  Detector.prototype.monitor = function (learned) { return new Monitor(this, learned); };

  root.HeroesShieldDetector = Detector;
})(typeof self !== "undefined" ? self : this);

// Reading aids for the generated API-map pages, and an API-aware first answer in mdBook's search.
//
// - Tables (`<div class="apimap-table">`): the build writes the filter, the status toggles, the
//   row anchors and the "no row matches" line; this script only wires them, on first use, so a
//   page with 673 rows costs nothing on load and never moves.
// - Search: when a query looks like an API name (`File::open`, `spawn_blocking`,
//   `tokio::task::spawn_blocking`), the entries it names are listed first, above mdBook's own
//   results, in mdBook's result list (so mdBook's arrows and Enter work on them). The data is the
//   API index the build writes on the cheat sheet (`<script type="application/json"
//   id="apimap-index">`), fetched once, on the first such query. mdBook's searcher is not
//   touched: this only adds items to the list it renders.
//
// Data from the index is put on the page with textContent and setAttribute only, never as HTML.
(function apimap() {
    'use strict';

    const STATUSES = ['drop-in', 'similar', 'different', 'none'];
    const INDEX_ID = 'apimap-index';
    const SEARCH_LIMIT = 8;

    function element(tag, attributes, children) {
        const node = document.createElement(tag);
        Object.keys(attributes || {}).forEach(function(name) {
            if (name === 'text') {
                node.textContent = attributes[name];
            } else {
                node.setAttribute(name, attributes[name]);
            }
        });
        (children || []).forEach(function(child) { node.appendChild(child); });
        return node;
    }

    function rootUrl() {
        // mdBook defines `path_to_root` on every page; a newer template without it still works
        // from pages at the root.
        return typeof path_to_root === 'string' ? path_to_root : '';
    }

    // ---------------------------------------------------------------- the API index

    // Lower case, without `async_std::` (or `std::`: async-std re-exports std's items), without a
    // call's `()` or a macro's `!`. Null when the query is not shaped like a path.
    function normalise(query) {
        const q = query.trim().replace(/\(\)$|!$/, '').replace(/^::/, '');
        if (!/^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*(::)?$/.test(q)) {
            return null;
        }
        return q.replace(/::$/, '').toLowerCase().replace(/^(async_std|std|core)::/, '');
    }

    // A query worth a fuzzy answer: it names an API the way code does (a path, a snake_case or a
    // CamelCase name), not a plain English word, where a fuzzy match would only be noise.
    function apiShaped(query) {
        return /::|_|[A-Z]/.test(query);
    }

    function Index(data) {
        // One status and one list of paths per target, in book.toml's order (`data.targets`).
        const labels = data.targets;
        const n = labels.length;
        const entries = data.entries.map(function(e) {
            const statuses = e.slice(2, 2 + n);
            const record = {
                path: e[0], url: e[1],
                statuses: labels.map(function(label, i) { return [label, statuses[i]]; }),
                targets: [].concat.apply([], e.slice(2 + n, 2 + 2 * n)),
                how: 'entry', owner: null,
            };
            record.keys = [{ key: e[0].toLowerCase(), rank: 0 }].concat(record.targets.map(function(t) {
                return { key: t.toLowerCase(), rank: 2 };
            }));
            record.text = [e[0]].concat(record.targets, statuses).join(' ').toLowerCase();
            return record;
        });
        const members = data.members.map(function(m) {
            const owner = entries[m[1]];
            const page = owner.url.split('#')[0];
            return {
                path: m[0], url: m[3] ? page + '#' + m[3] : owner.url, statuses: owner.statuses,
                how: m[2], owner: owner,
                keys: [{ key: m[0].toLowerCase(), rank: 1 }].concat((m[4] || []).map(function(t) {
                    return { key: t.toLowerCase(), rank: 2 };
                })),
            };
        });
        this.entries = entries;
        this.records = entries.concat(members);
        this.byUrl = new Map(entries.map(function(r) { return [r.url, r]; }));
    }

    // How well `key` answers `q` (both lower case): 0 exact, 1 a suffix on a `::` boundary (a bare
    // name, `TcpStream::clone`), 2 a prefix of the path or of one of its segments, 3 anywhere in
    // it; -1 not at all.
    function tier(q, key) {
        if (key === q) {
            return 0;
        }
        if (key.endsWith('::' + q)) {
            return 1;
        }
        if (key.startsWith(q) || key.includes('::' + q)) {
            return 2;
        }
        return key.includes(q) ? 3 : -1;
    }

    // Tier 4, fuzzy: the query's letters, in order, in as many last segments of the key as the
    // query has, plus one (`task::spawn_bloking` → `task::spawn_blocking`).
    function fuzzyTier(q, key) {
        const segments = key.split('::');
        const tail = segments.slice(-Math.min(q.split('::').length + 1, segments.length)).join('').replace(/_/g, '');
        const wanted = q.replace(/::|_/g, '');
        let at = 0;
        for (let i = 0; i < tail.length && at < wanted.length; i++) {
            if (tail[i] === wanted[at]) {
                at++;
            }
        }
        return wanted.length >= 3 && at === wanted.length ? 4 : -1;
    }

    // How alike two names are (Dice coefficient of their letter pairs, 1 when equal): among
    // several entries mapped to one Tokio or smol path, the one whose name is closest comes first
    // (`smol::unblock` → `task::spawn_blocking` before `eprint`).
    function likeness(a, b) {
        if (a === b) {
            return 1;
        }
        const pairs = function(s) {
            const out = [];
            for (let i = 0; i + 1 < s.length; i++) {
                out.push(s.slice(i, i + 2));
            }
            return out;
        };
        const left = pairs(a);
        const right = pairs(b);
        const common = left.filter(function(p) {
            const at = right.indexOf(p);
            return at >= 0 && right.splice(at, 1);
        }).length;
        return left.length + right.length === 0 ? 0 : 2 * common / (left.length + common + right.length);
    }

    Index.prototype.scan = function(q, rate) {
        const found = [];
        this.records.forEach(function(record) {
            let best = null;
            record.keys.forEach(function(k) {
                const t = rate(q, k.key);
                if (t >= 0 && (best === null || t < best.tier || t === best.tier && k.rank < best.rank)) {
                    best = { tier: t, rank: k.rank, length: k.key.length };
                }
            });
            if (best !== null) {
                best.record = record;
                found.push(best);
            }
        });
        return found;
    };

    // Every record that answers the query, best first: by tier, then async-std paths before
    // members before Tokio/smol paths, then the closest name, then the shorter path. Fuzzy
    // answers only when nothing else answers, and only for a query shaped like code.
    Index.prototype.search = function(query) {
        const q = normalise(query);
        if (q === null || q === '') {
            return [];
        }
        let found = this.scan(q, tier);
        if (found.length === 0 && apiShaped(query)) {
            found = this.scan(q, fuzzyTier);
        }
        const name = q.split('::').pop();
        found.forEach(function(f) {
            f.likeness = likeness(f.record.path.split('::').pop().toLowerCase(), name);
        });
        return found.sort(function(a, b) {
            return a.tier - b.tier || a.rank - b.rank || b.likeness - a.likeness || a.length - b.length ||
                (a.record.path < b.record.path ? -1 : a.record.path > b.record.path ? 1 : 0);
        }).map(function(f) { return f.record; });
    };

    // The filter's rule, shared with the search's non-fuzzy tiers: a record shows when every
    // word typed is in its paths or statuses.
    function containsAll(text, words) {
        return words.every(function(w) { return text.includes(w); });
    }

    let indexPromise = null;

    // The cheat sheet carries the index; other pages fetch the cheat sheet once.
    function loadIndex() {
        if (indexPromise) {
            return indexPromise;
        }
        const inline = document.getElementById(INDEX_ID);
        if (inline) {
            indexPromise = Promise.resolve(new Index(JSON.parse(inline.textContent)));
            return indexPromise;
        }
        const link = document.querySelector('a[href$="cheat-sheet.html"]');
        const url = link ? link.href : rootUrl() + 'api-map/cheat-sheet.html';
        const started = performance.now();
        indexPromise = fetch(url).then(function(response) {
            if (!response.ok) {
                throw new Error(url + ': ' + response.status);
            }
            return response.text();
        }).then(function(html) {
            // The data block is JSON in which `<` is always escaped, so the first `</script>`
            // after its start ends it.
            const start = html.indexOf('id="' + INDEX_ID + '">');
            const end = html.indexOf('</script>', start);
            if (start < 0 || end < 0) {
                throw new Error(url + ': no API index');
            }
            const index = new Index(JSON.parse(html.slice(start + INDEX_ID.length + 6, end)));
            index.loadMs = performance.now() - started;
            return index;
        });
        indexPromise.catch(function(error) { console.warn('apimap: ' + error.message); });
        return indexPromise;
    }

    // ---------------------------------------------------------------- search

    function badges(record) {
        return record.statuses.map(function(pair) {
            return element('span', { class: 'apimap-hit-target' }, [
                document.createTextNode(pair[0] + ' '),
                element('span', { class: 'apimap-status apimap-status-' + pair[1], text: pair[1] }),
            ]);
        });
    }

    function describe(record) {
        if (record.how === 'std') {
            return 'std’s, re-exported: see ' + record.owner.path;
        }
        if (record.how === 'auto') {
            return 'matched by name, in ' + record.owner.path;
        }
        if (record.how === 'type') {
            return 'member of ' + record.owner.path;
        }
        return 'API map';
    }

    function hitItem(record) {
        const link = element('a', { href: rootUrl() + record.url, class: 'apimap-hit-link' }, [
            element('code', { text: 'async_std::' + record.path }),
        ]);
        return element('li', { class: 'apimap-hit' }, [
            link,
            element('span', { class: 'teaser apimap-hit-teaser' },
                [element('span', { class: 'apimap-hit-kind', text: describe(record) })].concat(badges(record))),
        ]);
    }

    function wireSearch() {
        const bar = document.getElementById('mdbook-searchbar') || document.getElementById('searchbar');
        const list = document.getElementById('mdbook-searchresults') || document.getElementById('searchresults');
        const header = document.getElementById('mdbook-searchresults-header') ||
            document.getElementById('searchresults-header');
        if (!bar || !list) {
            return;
        }
        let wanted = null;

        // Puts the API answer for the current query at the top of mdBook's list, unless it is
        // there already. Runs whenever mdBook re-renders the list (it empties it first).
        function render() {
            const query = bar.value.trim();
            const shown = list.querySelector('.apimap-hit');
            if (shown && list.dataset.apimapQuery === query) {
                return;
            }
            wanted = query;
            if (normalise(query) === null) {
                list.querySelectorAll('.apimap-hit').forEach(function(li) { li.remove(); });
                list.dataset.apimapQuery = query;
                list.dataset.apimapHits = '0';
                return;
            }
            loadIndex().then(function(index) {
                if (wanted !== query) {
                    return;
                }
                const started = performance.now();
                const hits = index.search(query).slice(0, SEARCH_LIMIT);
                const took = performance.now() - started;
                list.querySelectorAll('.apimap-hit').forEach(function(li) { li.remove(); });
                const first = list.firstChild;
                hits.forEach(function(record) { list.insertBefore(hitItem(record), first); });
                list.dataset.apimapQuery = query;
                list.dataset.apimapHits = String(hits.length);
                list.dataset.apimapMs = took.toFixed(2);
            }, function() {
                list.dataset.apimapQuery = query;
                list.dataset.apimapHits = '0';
            });
        }

        // mdBook empties and refills the list on each new search, and always rewrites the header
        // (an empty result leaves the list unchanged).
        const observer = new MutationObserver(render);
        observer.observe(list, { childList: true });
        if (header) {
            observer.observe(header, { childList: true, characterData: true, subtree: true });
        }
        // mdBook may have searched already (a `?search=` URL, its index in the cache).
        if (bar.value.trim() !== '') {
            render();
        }
        bar.addEventListener('input', function() {
            if (normalise(bar.value) !== null) {
                loadIndex();
            }
        });
    }

    // ---------------------------------------------------------------- tables

    // Row data for a table, read once, when its filter is first used: the text each row is
    // matched against and its statuses. On the cheat sheet the text comes from the API index
    // (the same paths the search matches), elsewhere from the row itself.
    function rowsOf(container, index) {
        if (container.apimapRows) {
            return container.apimapRows;
        }
        const rows = Array.prototype.slice.call(container.querySelectorAll('tbody tr')).map(function(row) {
            const statuses = new Set();
            row.querySelectorAll('.apimap-status').forEach(function(badge) {
                STATUSES.forEach(function(s) {
                    if (badge.classList.contains('apimap-status-' + s)) {
                        statuses.add(s);
                    }
                });
            });
            let text = null;
            const first = row.cells[0] && row.cells[0].querySelector('a:not(.apimap-row-link)');
            if (index && first) {
                const url = first.href.slice(new URL(rootUrl(), location.href).href.length);
                const record = index.byUrl.get(url);
                text = record ? record.text : null;
            }
            return { row: row, statuses: statuses, text: text || row.textContent.toLowerCase() };
        });
        container.apimapRows = rows;
        return rows;
    }

    function applyFilter(controls) {
        const container = controls.nextElementSibling;
        if (!container || !container.classList.contains('apimap-table')) {
            return;
        }
        const input = controls.querySelector('.apimap-filter');
        const inline = document.getElementById(INDEX_ID) ? loadIndex() : Promise.resolve(null);
        inline.then(function(index) {
            const rows = rowsOf(container, index);
            const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
            const wanted = Array.prototype.slice.call(controls.querySelectorAll('.apimap-toggle[aria-pressed="true"]'))
                .map(function(b) { return b.dataset.status; });
            let shown = 0;
            rows.forEach(function(r) {
                const matches = containsAll(r.text, words) &&
                    (wanted.length === 0 || wanted.some(function(s) { return r.statuses.has(s); }));
                if (r.row.hidden === matches) {
                    r.row.hidden = !matches;
                }
                if (matches) {
                    shown++;
                }
            });
            const count = controls.querySelector('.apimap-count');
            const noun = rows.length === 1 ? ' row' : ' rows';
            count.textContent = shown === rows.length ? rows.length + noun : shown + ' of ' + rows.length + noun;
            container.querySelector('.apimap-empty').hidden = shown !== 0;
            container.classList.toggle('apimap-filtered', shown !== rows.length);
        });
    }

    // Copies `text`; resolves to true when it was copied. `navigator.clipboard` needs a secure
    // context (https, or http on 127.0.0.1/localhost); `execCommand` covers the rest.
    function copy(text) {
        if (navigator.clipboard && window.isSecureContext) {
            return navigator.clipboard.writeText(text).then(function() { return true; }, function() {
                return legacyCopy(text);
            });
        }
        return Promise.resolve(legacyCopy(text));
    }

    function legacyCopy(text) {
        const area = element('textarea', { readonly: '', 'aria-hidden': 'true', class: 'apimap-offscreen' });
        area.value = text;
        document.body.appendChild(area);
        area.select();
        let ok = false;
        try {
            ok = document.execCommand('copy');
        } catch (e) {
            ok = false;
        }
        area.remove();
        return ok;
    }

    let live = null;

    // One polite live region for the page, made on the first copy: screen readers hear it.
    function announce(message) {
        if (!live) {
            live = element('div', { class: 'apimap-offscreen', 'aria-live': 'polite' });
            document.body.appendChild(live);
        }
        live.textContent = message;
    }

    // The row's "#": the row becomes the page's target (`:target` highlights it) without a
    // history entry per click and without scrolling away from where the reader is.
    function followRowLink(link) {
        const wrapper = link.closest('.table-wrapper');
        const [x, y, inner] = [scrollX, scrollY, wrapper ? wrapper.scrollTop : 0];
        location.replace('#' + link.id);
        scrollTo(x, y);
        if (wrapper) {
            wrapper.scrollTop = inner;
        }
        const name = link.getAttribute('aria-label').replace(/^Link to the row /, '');
        copy(link.href).then(function(ok) {
            link.dataset.copied = ok ? 'yes' : 'no';
            announce(ok ? 'Link to ' + name + ' copied' : 'Copy failed: the link is in the address bar');
            setTimeout(function() { delete link.dataset.copied; }, 1500);
        });
    }

    function wireTables() {
        document.addEventListener('input', function(event) {
            const controls = event.target.closest && event.target.closest('.apimap-controls');
            if (controls && event.target.classList.contains('apimap-filter')) {
                applyFilter(controls);
            }
        });
        document.addEventListener('click', function(event) {
            const toggle = event.target.closest && event.target.closest('.apimap-toggle');
            if (toggle) {
                toggle.setAttribute('aria-pressed', toggle.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
                applyFilter(toggle.closest('.apimap-controls'));
                return;
            }
            const link = event.target.closest && event.target.closest('.apimap-row-link');
            if (link) {
                event.preventDefault();
                followRowLink(link);
            }
        });
    }

    function init() {
        wireTables();
        wireSearch();
        // Lets tests (and anything else) know the page is wired.
        document.documentElement.dataset.apimapReady = 'true';
    }

    // For tests and measurements: the index, loaded on demand.
    window.apimapIndex = loadIndex;

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
})();

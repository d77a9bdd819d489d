// Reading aids for the generated API-map tables (`<div class="apimap-table">`): a text filter
// and status toggles above each table, an anchor and a "copy link" button on each row, and
// scrolling to `#row-…` anchors. Plain DOM, no dependencies, works offline. Without JavaScript
// the tables are complete and readable; this only adds to them.
(function apimap() {
    'use strict';

    const STATUSES = ['drop-in', 'similar', 'different', 'none'];
    const ROW_PREFIX = 'row-';

    // The four statuses of a badge element, read from its `apimap-status-{status}` class.
    function statusOf(badge) {
        return STATUSES.find(function(s) { return badge.classList.contains('apimap-status-' + s); });
    }

    // `task::spawn` -> `task-spawn`, the same shape as the item headings' ids, so a row id is
    // predictable: `#row-task-spawn`.
    function slug(text) {
        return text.trim().replace(/::/g, '-').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
    }

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

    function rowUrl(id) {
        return location.href.split('#')[0] + '#' + id;
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

    // Gives every row an id and a link button that copies the row's URL.
    function anchorRows(rows, usedIds, announce) {
        rows.forEach(function(row) {
            const first = row.cells[0];
            if (!first) {
                return;
            }
            let id = ROW_PREFIX + (slug(first.textContent) || 'item');
            for (let n = 2; usedIds.has(id) || document.getElementById(id); n++) {
                id = ROW_PREFIX + slug(first.textContent) + '-' + n;
            }
            usedIds.add(id);
            row.id = id;
            const name = first.textContent.trim();
            const link = element('a', {
                class: 'apimap-row-link',
                href: '#' + id,
                title: 'Copy a link to this row',
                'aria-label': 'Copy a link to the row ' + name,
            });
            link.addEventListener('click', function(event) {
                event.preventDefault();
                // replaceState: following a row link should not add a history entry per click.
                history.replaceState(null, '', '#' + id);
                highlight(row);
                copy(rowUrl(id)).then(function(ok) {
                    link.dataset.copied = ok ? 'yes' : 'no';
                    announce(ok ? 'Link to ' + name + ' copied' : 'Copy failed: the link is in the address bar');
                    setTimeout(function() { delete link.dataset.copied; }, 1500);
                });
            });
            first.insertBefore(link, first.firstChild);
        });
    }

    function highlight(row) {
        document.querySelectorAll('.apimap-row-target').forEach(function(r) { r.classList.remove('apimap-row-target'); });
        row.classList.add('apimap-row-target');
    }

    // The browser resolved the fragment before this script added the row ids, so scroll
    // ourselves: into the table's own scroll box and the page.
    function followHash() {
        const id = decodeURIComponent(location.hash.slice(1));
        if (!id.startsWith(ROW_PREFIX)) {
            return;
        }
        const row = document.getElementById(id);
        if (!row || row.tagName !== 'TR') {
            return;
        }
        row.hidden = false;
        highlight(row);
        row.scrollIntoView({ block: 'center' });
    }

    // Lets long paths wrap after `::` (and nowhere else), so that three columns of paths fit
    // the page more often instead of scrolling sideways.
    function breakPathsAfterColons(table) {
        table.querySelectorAll('td code').forEach(function(code) {
            if (code.children.length !== 0 || !code.textContent.includes('::')) {
                return;
            }
            const parts = code.textContent.split('::');
            code.textContent = '';
            parts.forEach(function(part, i) {
                code.appendChild(document.createTextNode(part + (i < parts.length - 1 ? '::' : '')));
                if (i < parts.length - 1) {
                    code.appendChild(document.createElement('wbr'));
                }
            });
        });
    }

    function enhance(container, index, usedIds, announce) {
        const table = container.querySelector('table');
        if (!table || !table.tBodies[0]) {
            return;
        }
        breakPathsAfterColons(table);
        const rows = Array.prototype.slice.call(table.tBodies[0].rows);
        const title = container.dataset.apimapTable || 'table';
        anchorRows(rows, usedIds, announce);

        const statusesOf = new Map(rows.map(function(row) {
            const found = new Set();
            row.querySelectorAll('.apimap-status').forEach(function(badge) {
                const status = statusOf(badge);
                if (status) {
                    found.add(status);
                }
            });
            return [row, found];
        }));
        const textOf = new Map(rows.map(function(row) { return [row, row.textContent.toLowerCase()]; }));

        const filterId = 'apimap-filter-' + index;
        const input = element('input', {
            type: 'search',
            id: filterId,
            class: 'apimap-filter',
            placeholder: 'spawn, JoinHandle, tokio::sync…',
            autocomplete: 'off',
            spellcheck: 'false',
        });
        const label = element('label', { for: filterId, class: 'apimap-filter-label', text: 'Filter' });
        const toggles = element('div', { class: 'apimap-toggles', role: 'group', 'aria-label': 'Show only rows with status' });
        const present = STATUSES.filter(function(s) {
            return rows.some(function(row) { return statusesOf.get(row).has(s); });
        });
        const buttons = present.map(function(status) {
            const count = rows.filter(function(row) { return statusesOf.get(row).has(status); }).length;
            const button = element('button', {
                type: 'button',
                class: 'apimap-toggle',
                'aria-pressed': 'false',
                'data-status': status,
                title: 'Show only rows with a “' + status + '” mapping (' + count + ')',
            }, [element('span', { class: 'apimap-status apimap-status-' + status, text: status })]);
            button.addEventListener('click', function() {
                button.setAttribute('aria-pressed', button.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
                apply();
            });
            toggles.appendChild(button);
            return button;
        });
        const count = element('output', { class: 'apimap-count', 'aria-live': 'polite', for: filterId });
        const controls = element('div', { class: 'apimap-controls', 'data-apimap-controls': title },
            [label, input, toggles, count]);
        const empty = element('p', { class: 'apimap-empty', text: 'No row matches. Clear the filter or the status toggles.' });
        empty.hidden = true;
        container.parentNode.insertBefore(controls, container);
        container.appendChild(empty);

        // A row shows when it contains every word typed (any column) and, if any status toggle
        // is pressed, has at least one of the pressed statuses.
        function apply() {
            const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
            const wanted = buttons.filter(function(b) { return b.getAttribute('aria-pressed') === 'true'; })
                .map(function(b) { return b.dataset.status; });
            let shown = 0;
            rows.forEach(function(row) {
                const text = textOf.get(row);
                const matches = words.every(function(w) { return text.includes(w); }) &&
                    (wanted.length === 0 || wanted.some(function(s) { return statusesOf.get(row).has(s); }));
                row.hidden = !matches;
                if (matches) {
                    shown++;
                }
            });
            count.textContent = shown === rows.length ? rows.length + ' rows' : shown + ' of ' + rows.length + ' rows';
            empty.hidden = shown !== 0;
            container.classList.toggle('apimap-filtered', shown !== rows.length);
        }
        input.addEventListener('input', apply);
        apply();
    }

    function init() {
        // One polite live region for the whole page: screen readers hear "link copied".
        const live = element('div', { class: 'apimap-offscreen', 'aria-live': 'polite' });
        document.body.appendChild(live);
        const announce = function(message) { live.textContent = message; };
        const usedIds = new Set();
        document.querySelectorAll('.apimap-table').forEach(function(container, index) {
            enhance(container, index, usedIds, announce);
        });
        followHash();
        window.addEventListener('hashchange', followHash);
        // Chrome scrolls to a fragment once more when the page finishes loading (the row id did
        // not exist when it first tried), aligning the row with the top edge under the menu bar;
        // centre it again after that.
        if (document.readyState !== 'complete') {
            window.addEventListener('load', function() { requestAnimationFrame(followHash); }, { once: true });
        }
        // Lets tests (and anything else) know the tables are ready.
        document.documentElement.dataset.apimapReady = 'true';
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
    } else {
        init();
    }
})();

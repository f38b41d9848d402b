// normgraph serve's query editor: YASGUI set up to talk to this server only.
// Settings (endpoint paths, named queries, prefixes) come from the page's JSON block, never
// from a script text the server writes.
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("ng-settings").textContent);
  var Yasgui = window.Yasgui;
  var origin = window.location.origin;
  var queryUrl = origin + settings.query;
  var updateUrl = origin + settings.update;

  // Nothing from the network: the class and property completers ask Linked Open Vocabularies,
  // so only the local ones stay; the prefix list is the bundled one with the graph's own first.
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  var prefixCompleter = Yasgui.Yasqe.Autocompleters.prefixes;
  var bundledPrefixes = prefixCompleter.get;
  prefixCompleter.persistenceId = null;  // not cached in localStorage: the list is the server's, each load
  var ours = Object.keys(settings.prefixes).map(function (name) {
    return name + ": <" + settings.prefixes[name] + ">";
  });
  prefixCompleter.get = function (yasqe, token) {
    return Promise.resolve(bundledPrefixes.call(this, yasqe, token)).then(function (list) {
      var taken = {};
      ours.forEach(function (line) { taken[line.split(":")[0]] = true; });
      return ours.concat((list || []).filter(function (line) { return !taken[line.split(":")[0]]; }));
    });
  };

  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    // An update goes to /update (SPARQL 1.1 Protocol), a query to /query.
    requestConfig: {
      endpoint: function (instance) {
        var tab = instance && instance.getTab && instance.getTab();
        var yasqe = tab && tab.getYasqe && tab.getYasqe();
        return yasqe && yasqe.getQueryMode() === "update" ? updateUrl : queryUrl;
      },
      method: "POST"
    },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: queryUrl }]; }, keys: [] },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autofocus: true,
    tabName: "Query",
    yasqe: { value: settings.defaultQuery, editorHeight: "320px", collapsePrefixesOnLoad: false },
    yasr: { prefixes: settings.prefixes, defaultPlugin: "table" }
  });
  window.normgraph = { yasgui: yasgui, settings: settings };

  // The named queries: one picker, each opening (or returning to) a tab of its own.
  var picker = document.getElementById("ng-named");
  var description = document.getElementById("ng-description");
  var byName = {};
  settings.queries.forEach(function (query) {
    byName[query.name] = query;
    var option = document.createElement("option");
    option.value = query.name;
    option.textContent = query.title + " (" + query.name + ")";
    picker.appendChild(option);
  });
  var tabs = {};
  picker.addEventListener("change", function () {
    var query = byName[picker.value];
    if (!query) { return; }
    description.textContent = query.title + ": " + query.description;
    var tab = tabs[query.name] && yasgui.getTab(tabs[query.name]);
    if (tab) {
      yasgui.selectTabId(tabs[query.name]);
    } else {
      tab = yasgui.addTab(true, { name: query.name, yasqe: { value: query.sparql } });
      tabs[query.name] = tab.getId();
    }
  });
})();

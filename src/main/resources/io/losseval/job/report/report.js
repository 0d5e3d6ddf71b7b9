// The report page's script: draws each chart with Apache ECharts (inlined before this script)
// from the page's JSON data, and makes the results table sortable and filterable. Everything
// the charts show is also in the page's text and table.
(function () {
  'use strict';

  var COLOR = {
    bar: '#3f6ea5',
    bad: '#b3261e',
    good: '#2e7d46',
    unclear: '#8d98aa',
    ink: '#1f2430',
    muted: '#5b6476',
    grid: '#e6e9ef',
    zero: '#6b7280',
    limit: '#6b7280',
    whisker: '#1f2430'
  };
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif';
  var short = new Intl.NumberFormat('en', { maximumSignificantDigits: 4 });
  var long = new Intl.NumberFormat('en', { maximumSignificantDigits: 6 });
  var whole = new Intl.NumberFormat('en');

  /** A number from the data: JSON gives non-finite ones as strings, NULL as null. */
  function num(v) {
    return typeof v === 'number' ? v : null;
  }

  function text(v, format) {
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'string') return v;
    return (format || short).format(v);
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function barColor(chart, bar) {
    if (chart.kind === 'comparison') {
      if (bar.conclusion === 'worse') return COLOR.bad;
      if (bar.conclusion === 'better') return COLOR.good;
      return COLOR.unclear;
    }
    return bar.violated ? COLOR.bad : COLOR.bar;
  }

  function tooltip(chart, bar) {
    var lines = ['<strong>' + escapeHtml(bar.label) + '</strong>',
      escapeHtml(chart.result) + ' = ' + escapeHtml(text(bar.value, long))];
    if (chart.interval) {
      lines.push('interval [' + escapeHtml(text(bar.lower, long)) + ', '
        + escapeHtml(text(bar.upper, long)) + ']');
    }
    if (chart.kind === 'comparison' && bar.conclusion) {
      lines.push({ worse: 'candidate worse', better: 'candidate better',
        unclear: 'no clear difference', no_interval: 'no interval' }[bar.conclusion]);
    }
    lines.push(whole.format(bar.rows) + ' rows');
    if (bar.violated) lines.push('<span style="color:' + COLOR.bad + '">breaks a threshold</span>');
    return lines.join('<br>');
  }

  /**
   * Vertical lines: zero (comparisons), the overall value, and every limit (of every slice value
   * or of the overall value; red where its threshold was violated, grey where it held), each
   * labelled above the chart. A label lies on the inner side of its line (to the left in the
   * right half of the axis), so that no label runs off the chart; the overall value's label
   * takes a row of its own above the limits' so that nearby lines' labels do not overlap.
   */
  function markLines(chart) {
    var lines = [];
    var overall = num(chart.overall);
    var range = dataRange(chart);
    var side = function (v) {
      return (v - range[0]) > (range[1] - range[0]) / 2 ? 'right' : 'left';
    };
    if (chart.kind === 'comparison') {
      lines.push({ xAxis: 0, lineStyle: { color: COLOR.zero, width: 1.5, type: 'solid' },
        label: { show: false } });
    }
    var overallBroken = chart.limits.some(function (l) { return l.overall && l.violated; });
    if (overall !== null) {
      var color = overallBroken ? COLOR.bad : COLOR.ink;
      lines.push({ xAxis: overall, lineStyle: { color: color, width: 2, type: 'solid' },
        label: topLabel('overall ' + text(overall), color, side(overall), 1) });
    }
    chart.limits.forEach(function (l) {
      var color = l.violated ? COLOR.bad : COLOR.limit;
      lines.push({ xAxis: l.value, lineStyle: { color: color, width: 1.5, type: 'dashed' },
        label: topLabel('limit ' + l.label, color, side(l.value), 0) });
    });
    return lines;
  }

  /**
   * A line's label above the chart in row 0 (next to the plot) or 1 (above it), its text ending
   * ('right') or starting ('left') at the line.
   */
  function topLabel(content, color, align, row) {
    return { formatter: content, position: 'start', color: color, align: align,
      padding: [0, 4, 0, 4], fontSize: 12, distance: [0, 4 + 16 * row] };
  }

  /** The lowest and highest number the x axis must show: bars, bounds, lines, zero. */
  function dataRange(chart) {
    var values = chart.limits.map(function (l) { return l.value; });
    if (num(chart.overall) !== null) values.push(chart.overall);
    chart.bars.forEach(function (b) {
      [b.value, b.lower, b.upper].forEach(function (v) { if (num(v) !== null) values.push(v); });
    });
    values.push(0);
    return [Math.min.apply(null, values), Math.max.apply(null, values)];
  }

  /**
   * Each bar's number beside its end, drawn above the lines (a series of its own, over the bars'
   * and the lines' layer) on a white ground, so that a line crossing a bar's end passes behind
   * the number instead of through it.
   */
  function valueLabels(chart) {
    return {
      type: 'scatter',
      name: 'values',
      silent: true,
      z: 10,
      symbolSize: 0,
      tooltip: { show: false },
      data: chart.bars.map(function (b, i) {
        var v = num(b.value);
        return { value: [v === null ? '-' : v, i],
          label: { position: v !== null && v < 0 ? 'left' : 'right' } };
      }),
      label: { show: true, distance: 4, color: COLOR.muted, fontSize: 11,
        backgroundColor: '#fff', padding: [1, 2],
        formatter: function (p) { return text(num(chart.bars[p.dataIndex].value)); } }
    };
  }

  /** Whiskers from lower to upper with caps, for the bars that have both bounds. */
  function whiskers(chart) {
    var data = [];
    chart.bars.forEach(function (b, i) {
      if (num(b.lower) !== null && num(b.upper) !== null) data.push([i, b.lower, b.upper]);
    });
    return {
      type: 'custom',
      name: 'interval',
      silent: true,
      z: 5,
      encode: { y: 0, x: [1, 2] },
      data: data,
      renderItem: function (params, api) {
        var low = api.coord([api.value(1), api.value(0)]);
        var high = api.coord([api.value(2), api.value(0)]);
        var cap = Math.min(api.size([0, 1])[1] * 0.45, 12) / 2;
        var style = { stroke: COLOR.whisker, lineWidth: 1.5 };
        return {
          type: 'group',
          children: [
            { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style: style },
            { type: 'line', shape: { x1: low[0], y1: low[1] - cap, x2: low[0], y2: low[1] + cap }, style: style },
            { type: 'line', shape: { x1: high[0], y1: high[1] - cap, x2: high[0], y2: high[1] + cap }, style: style }
          ]
        };
      }
    };
  }

  /** The x axis reaches every limit and the overall value, not only the bars. */
  function extent(chart, side) {
    var values = chart.limits.map(function (l) { return l.value; });
    if (num(chart.overall) !== null) values.push(chart.overall);
    return function (axis) {
      var v = side === 'max' ? Math.max.apply(null, values.concat([axis.max]))
        : Math.min.apply(null, values.concat([axis.min]));
      if (side === 'min' && chart.kind === 'loss') v = Math.min(v, 0);
      return v === axis[side] ? undefined : v;
    };
  }

  function option(chart) {
    var series = [{
      type: 'bar',
      name: chart.result,
      barMaxWidth: 18,
      barCategoryGap: '30%',
      data: chart.bars.map(function (b) {
        return { value: num(b.value) === null ? '-' : b.value,
          itemStyle: { color: barColor(chart, b), borderRadius: 2 } };
      }),
      markLine: { silent: true, symbol: 'none', animation: false, data: markLines(chart) }
    }];
    if (chart.interval) series.push(whiskers(chart));
    else series.push(valueLabels(chart));
    return {
      animation: false,
      textStyle: { fontFamily: FONT },
      aria: { enabled: true, label: { description: document.getElementById(chart.id)
        .getAttribute('aria-label') } },
      grid: { left: 8, right: 48, top: 44, bottom: 30, containLabel: true },
      xAxis: {
        type: 'value',
        min: extent(chart, 'min'),
        max: extent(chart, 'max'),
        axisLabel: { color: COLOR.muted, formatter: function (v) { return text(v); } },
        splitLine: { lineStyle: { color: COLOR.grid } }
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: chart.bars.map(function (b) { return b.label; }),
        axisTick: { show: false },
        axisLine: { lineStyle: { color: '#9aa3b2' } },
        axisLabel: { color: COLOR.ink, width: 170, overflow: 'truncate' }
      },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        confine: true,
        formatter: function (params) {
          return tooltip(chart, chart.bars[params[0].dataIndex]);
        }
      },
      series: series
    };
  }

  function drawCharts(data) {
    var drawn = [];
    data.charts.forEach(function (chart) {
      var el = document.getElementById(chart.id);
      if (!el) return;
      var instance = echarts.init(el, null, { renderer: 'svg' });
      instance.setOption(option(chart));
      drawn.push(instance);
    });
    window.addEventListener('resize', function () {
      drawn.forEach(function (c) { c.resize(); });
    });
    var version = document.getElementById('echarts-version');
    if (version) version.textContent = echarts.version;
  }

  /** Sorting by any column (numbers by their exact value, NULL last) and filtering rows. */
  function tableControls() {
    var table = document.getElementById('results');
    if (!table) return;
    var body = table.tBodies[0];
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, column) {
      th.querySelector('button').addEventListener('click', function () {
        var numeric = th.classList.contains('num');
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        headers.forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute('data-v');
          var y = b.cells[column].getAttribute('data-v');
          if (x === '' || y === '') return x === y ? 0 : x === '' ? 1 : -1;
          var order = numeric ? compareNumbers(parseFloat(x), parseFloat(y))
            : x.localeCompare(y, undefined, { numeric: true });
          return ascending ? order : -order;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    var filter = document.getElementById('filter');
    if (filter) {
      filter.addEventListener('input', function () {
        var needle = filter.value.trim().toLowerCase();
        Array.prototype.forEach.call(body.rows, function (r) {
          r.hidden = needle !== '' && r.textContent.toLowerCase().indexOf(needle) < 0;
        });
      });
    }
  }

  /** NaN sorts above every number, as the highest loss would. */
  function compareNumbers(x, y) {
    if (isNaN(x) || isNaN(y)) return isNaN(x) === isNaN(y) ? 0 : isNaN(x) ? 1 : -1;
    return x - y;
  }

  var data = JSON.parse(document.getElementById('losseval-data').textContent);
  drawCharts(data);
  tableControls();
})();

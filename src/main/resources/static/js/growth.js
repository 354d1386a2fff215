// The admin's growth chart (templates/web/admin/growth.ftlh). A file, not an inline script: the
// Content-Security-Policy allows scripts from this origin only.
(function () {
  var chart = echarts.init(document.getElementById('chart'));
  function load(days) {
    fetch('/admin/subscribers/growth.json?days=' + days, {credentials: 'same-origin'})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var series = Object.keys(data.series).map(function (status) {
          return {name: status, type: 'line', stack: 'all', areaStyle: {}, showSymbol: false, data: data.series[status]};
        });
        chart.setOption({
          tooltip: {trigger: 'axis'}, legend: {}, grid: {left: 48, right: 16, bottom: 32},
          xAxis: {type: 'category', data: data.days}, yAxis: {type: 'value', minInterval: 1}, series: series
        }, true);
        document.getElementById('chart').setAttribute('data-loaded', data.days.length);
      });
  }
  document.querySelectorAll('a.days').forEach(function (a) {
    a.addEventListener('click', function (e) { e.preventDefault(); load(a.getAttribute('data-days')); });
  });
  window.addEventListener('resize', function () { chart.resize(); });
  load(90);
})();

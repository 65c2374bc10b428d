// Corroborate: a click on a marked figure opens its card beside the text.
// Without this script the marks are plain links to each claim's page.
document.addEventListener('click', function (e) {
  var mark = e.target.closest ? e.target.closest('a.claim[data-claim]') : null;
  if (!mark) return;
  var card = document.getElementById('card-' + mark.dataset.claim);
  if (!card) return;
  e.preventDefault();
  document.querySelectorAll('.claim-card').forEach(function (c) { c.hidden = true; });
  document.querySelectorAll('a.claim.selected').forEach(function (m) { m.classList.remove('selected'); });
  var hint = document.getElementById('panel-hint');
  if (hint) hint.hidden = true;
  card.hidden = false;
  mark.classList.add('selected');
});

/* webapp/later.py's AfterGraph: its children are mounted once the page's graph has been
   painted, not in the same task as the graph (which would hold the first picture back until
   every control was mounted). On a page without a graph they are mounted at once. */
(function () {
  const React = window.React;
  /* the page's graph holds its nodes; its next frame paints them */
  function graphReady() {
    const el = document.getElementById("cy");
    const cy = el && el._cyreg && el._cyreg.cy;
    return !el || (cy && (cy.nodes().length > 0 || cy.elements().length === 0));
  }
  function AfterGraph(props) {
    const [shown, setShown] = React.useState(false);
    React.useEffect(function () {
      if (shown) { return undefined; }
      let frame = 0, timer = 0, tries = 0;
      const later = function () {
        frame = requestAnimationFrame(function () {
          if (!graphReady() && tries++ < 60) { later(); return; }
          /* the frame that paints the graph is this one; the next one begins once it is on
             the screen, and the children are mounted just after that */
          frame = requestAnimationFrame(function () {
            timer = setTimeout(function () { setShown(true); }, 0);
          });
        });
      };
      later();
      return function () { cancelAnimationFrame(frame); clearTimeout(timer); };
    }, [shown]);
    return shown ? (props.children === undefined ? null : props.children) : null;
  }
  window.partnergraph_later = Object.assign({}, window.partnergraph_later, {AfterGraph});
})();

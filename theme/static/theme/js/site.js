/*
 * Ratusz — progressive enhancement only. Every page works without this file.
 * On narrow screens the main menu collapses behind a "Menu" button (aria-expanded reflects its state);
 * without JavaScript, or on wide screens, the menu is always shown.
 */
(function () {
    "use strict";

    var nav = document.querySelector("[data-main-nav]");
    var toggle = nav && nav.querySelector("[data-menu-toggle]");
    if (!nav || !toggle || !window.matchMedia) {
        return;
    }

    var wide = window.matchMedia("(min-width: 48em)");

    function setOpen(open) {
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
        nav.classList.toggle("main-nav--collapsed", !open);
    }

    toggle.hidden = false;
    setOpen(false);

    toggle.addEventListener("click", function () {
        setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });

    document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && !wide.matches && toggle.getAttribute("aria-expanded") === "true") {
            setOpen(false);
            toggle.focus();
        }
    });
})();

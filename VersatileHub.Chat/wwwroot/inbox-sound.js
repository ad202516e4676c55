// The inbox's optional sound, chosen per browser (localStorage, off unless turned on): a short WebAudio beep, no file to download.
window.vhInboxSound = (() => {
    const key = "vh.inbox.sound";
    let context = null;
    const audio = () => context ??= new AudioContext();
    return {
        isOn: () => localStorage.getItem(key) === "on",
        turn: on => {
            localStorage.setItem(key, on ? "on" : "off");
            // Turned on by a click: the browser lets audio start from this gesture on.
            if (on) {
                audio().resume();
            }
        },
        play: () => {
            if (localStorage.getItem(key) !== "on") {
                return;
            }
            const ctx = audio();
            const tone = ctx.createOscillator();
            const volume = ctx.createGain();
            tone.frequency.value = 880;
            volume.gain.setValueAtTime(0.15, ctx.currentTime);
            volume.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.25);
            tone.connect(volume).connect(ctx.destination);
            tone.start();
            tone.stop(ctx.currentTime + 0.25);
        },
    };
})();

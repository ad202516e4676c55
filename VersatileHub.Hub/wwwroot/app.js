// The few things the web app asks of the browser itself.
window.versatileHub = {
    // The sign-in cookie names the tenant; only an HTTP response can rewrite it, so the tenants API is called from here.
    chooseTenant: async (tenantId) => {
        const response = await fetch("/api/identity/tenants/current", {
            method: "PUT",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ tenantId }),
        });
        if (response.ok) {
            location.assign("/");
        }
        return response.status;
    },
};

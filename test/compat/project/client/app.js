// The built client: only the publishable key reaches the browser.
window.ZEROBIT = { publishableKey: 'pk_sandbox_Qa2Zs8Lm4Nv6Xc1Bd5Fg7Hj9' };

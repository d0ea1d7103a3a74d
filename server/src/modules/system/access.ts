// The system module has no access rules of its own: health and the client settings are
// public (a load balancer and the sign-in page read them before anyone signs in), and
// say nothing about anyone's data.
export {};

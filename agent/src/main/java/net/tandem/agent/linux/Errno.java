package net.tandem.agent.linux;

import java.util.HashMap;
import java.util.Map;

/**
 * The errno values the data plane can meet, with their symbolic names, so that
 * messages say {@code EPERM} rather than {@code 1}. Numbers are Linux's generic
 * ones (asm-generic/errno-base.h, asm-generic/errno.h), valid on x86_64 and aarch64.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    ESRCH(3, "No such process"),
    EINTR(4, "Interrupted system call"),
    EIO(5, "Input/output error"),
    ENXIO(6, "No such device or address"),
    EBADF(9, "Bad file descriptor"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EFAULT(14, "Bad address"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    ENODEV(19, "No such device"),
    EINVAL(22, "Invalid argument"),
    ENFILE(23, "Too many open files in system"),
    EMFILE(24, "Too many open files"),
    ENOSPC(28, "No space left on device"),
    ERANGE(34, "Numerical result out of range"),
    ENAMETOOLONG(36, "File name too long"),
    ENOTSOCK(88, "Socket operation on non-socket"),
    EMSGSIZE(90, "Message too long"),
    ENOPROTOOPT(92, "Protocol not available"),
    EPROTONOSUPPORT(93, "Protocol not supported"),
    EOPNOTSUPP(95, "Operation not supported"),
    EAFNOSUPPORT(97, "Address family not supported by protocol"),
    EADDRINUSE(98, "Address already in use"),
    EADDRNOTAVAIL(99, "Cannot assign requested address"),
    ENETDOWN(100, "Network is down"),
    ENETUNREACH(101, "Network is unreachable"),
    ENOBUFS(105, "No buffer space available"),
    ENOTCONN(107, "Transport endpoint is not connected"),
    EHOSTUNREACH(113, "No route to host");

    private static final Map<Integer, Errno> BY_NUMBER = new HashMap<>();

    static {
        for (Errno e : values()) {
            BY_NUMBER.put(e.number, e);
        }
    }

    private final int number;
    private final String description;

    Errno(int number, String description) {
        this.number = number;
        this.description = description;
    }

    public int number() {
        return number;
    }

    public String description() {
        return description;
    }

    /** Whether the raw errno value {@code errno} is this one. */
    public boolean is(int errno) {
        return errno == number;
    }

    /** The symbolic name of {@code errno}, e.g. "EPERM", or "errno 200" when unknown. */
    public static String nameOf(int errno) {
        Errno e = BY_NUMBER.get(errno);
        return e != null ? e.name() : "errno " + errno;
    }

    /** "EPERM (Operation not permitted)", or "errno 200" when unknown. */
    public static String describe(int errno) {
        Errno e = BY_NUMBER.get(errno);
        return e != null ? e.name() + " (" + e.description + ")" : "errno " + errno;
    }
}

package net.tandem.console.ui;

import com.googlecode.lanterna.TextColor;

/** The line above the footer: what the operator's last action is doing or did. */
record Status(String text, Tone tone) {
    enum Tone {
        INFO,
        PENDING,
        OK,
        FAILED
    }

    static final Status NONE = new Status("", Tone.INFO);

    TextColor colour() {
        return switch (tone) {
            case INFO -> Palette.TEXT;
            case PENDING -> Palette.PENDING;
            case OK -> Palette.OK;
            case FAILED -> Palette.FAILED;
        };
    }
}

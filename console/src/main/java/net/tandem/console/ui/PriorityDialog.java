package net.tandem.console.ui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Button;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.gui2.TextBox;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * Sets or clears an instance's priority override. Entering a number and pressing Enter (or Set) is
 * the confirmation; the value is checked here (1..254, as the agent requires) before anything is
 * sent. {@code onClear} removes any override; Escape cancels.
 */
final class PriorityDialog extends BasicWindow {
    static final int MIN = 1;
    static final int MAX = 254;

    private final TextBox input = new TextBox(new TerminalSize(5, 1)).setValidationPattern(Pattern.compile("\\d{0,3}"));
    private final Label error = new Label("");
    private final IntConsumer onSet;
    private final Runnable onClear;

    PriorityDialog(String title, String description, OptionalInt current, IntConsumer onSet, Runnable onClear) {
        super(title);
        this.onSet = onSet;
        this.onClear = onClear;
        setHints(List.of(Hint.MODAL, Hint.CENTERED));
        current.ifPresent(p -> input.setText(Integer.toString(p)));
        Panel content = new Panel(new LinearLayout(Direction.VERTICAL));
        content.addComponent(new Label(description));
        content.addComponent(new EmptySpace());
        Panel line = new Panel(new LinearLayout(Direction.HORIZONTAL));
        line.addComponent(new Label("New priority (" + MIN + "-" + MAX + "):"));
        line.addComponent(input);
        content.addComponent(line);
        content.addComponent(error.setForegroundColor(Palette.FAILED));
        Panel buttons = new Panel(new LinearLayout(Direction.HORIZONTAL));
        buttons.addComponent(new Button("Set", this::set));
        buttons.addComponent(new Button("Clear override (c)", this::clear));
        buttons.addComponent(new Button("Cancel", this::close));
        content.addComponent(buttons, LinearLayout.createLayoutData(LinearLayout.Alignment.End));
        setComponent(content);
        setFocusedInteractable(input);
    }

    @Override
    public boolean handleInput(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape) {
            close();
            return true;
        }
        if (getFocusedInteractable() == input) {
            if (key.getKeyType() == KeyType.Enter) {
                set();
                return true;
            }
            if (key.getKeyType() == KeyType.Character && key.getCharacter() == 'c') {
                clear();
                return true;
            }
        }
        return super.handleInput(key);
    }

    private void set() {
        String text = input.getText().trim();
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            error.setText("a number from " + MIN + " to " + MAX + ", please (c clears)");
            return;
        }
        if (value < MIN || value > MAX) {
            error.setText(value + " is out of range " + MIN + "-" + MAX + " (255 = address owner)");
            return;
        }
        close();
        onSet.accept(value);
    }

    private void clear() {
        close();
        onClear.run();
    }
}

package net.tandem.console.ui;

import com.googlecode.lanterna.gui2.BasicWindow;
import com.googlecode.lanterna.gui2.Button;
import com.googlecode.lanterna.gui2.Direction;
import com.googlecode.lanterna.gui2.EmptySpace;
import com.googlecode.lanterna.gui2.Label;
import com.googlecode.lanterna.gui2.LinearLayout;
import com.googlecode.lanterna.gui2.Panel;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import java.util.List;

/**
 * "Are you sure?" before anything that moves an address. It does not block: the GUI thread keeps
 * drawing the live view underneath, and {@code onYes} runs when the operator confirms. The
 * focus starts on No, so that a stray Enter changes nothing; {@code y} confirms, {@code n} or
 * Escape cancels.
 */
final class ConfirmDialog extends BasicWindow {
    private final Runnable onYes;
    private boolean answered;

    ConfirmDialog(String title, String question, Runnable onYes) {
        super(title);
        this.onYes = onYes;
        setHints(List.of(Hint.MODAL, Hint.CENTERED));
        Panel content = new Panel(new LinearLayout(Direction.VERTICAL));
        content.addComponent(new Label(question));
        content.addComponent(new EmptySpace());
        Panel buttons = new Panel(new LinearLayout(Direction.HORIZONTAL));
        buttons.addComponent(new Button("Yes (y)", this::yes));
        Button no = new Button("No (n)", this::no);
        buttons.addComponent(no);
        content.addComponent(buttons, LinearLayout.createLayoutData(LinearLayout.Alignment.End));
        setComponent(content);
        setFocusedInteractable(no);
    }

    @Override
    public boolean handleInput(KeyStroke key) {
        if (key.getKeyType() == KeyType.Escape) {
            no();
            return true;
        }
        if (key.getKeyType() == KeyType.Character) {
            switch (Character.toLowerCase(key.getCharacter())) {
                case 'y' -> {
                    yes();
                    return true;
                }
                case 'n' -> {
                    no();
                    return true;
                }
                default -> {
                    // fall through to the buttons
                }
            }
        }
        return super.handleInput(key);
    }

    private void yes() {
        if (!answered) {
            answered = true;
            close();
            onYes.run();
        }
    }

    private void no() {
        answered = true;
        close();
    }
}

// A chapter document's scene break (a void "hr" block): the editor shows it as an ornament the
// writer can move past but not type into; deleting one would merge two scenes, which the server
// refuses with a clear message.
import { createPlatePlugin, PlateElement, type PlateElementProps } from "platejs/react";

function SceneBreakElement(props: PlateElementProps) {
  return (
    <PlateElement {...props} className="scene-break">
      <div contentEditable={false} aria-label="Scene break" role="separator">
        ⁂
      </div>
      {props.children}
    </PlateElement>
  );
}

export const SceneBreakPlugin = createPlatePlugin({
  key: "hr",
  node: { isElement: true, isVoid: true, component: SceneBreakElement },
});

/**
 * The map's renderer, WebGL2: module pixels live in one RGB8 texture array
 * (the source bytes themselves, three to a texel), and one draw puts every
 * module's quad (two triangles, six vertices) on screen, the fragment shader fetching the exact
 * texel of the module pixel under it. A module not yet loaded is a flat
 * placeholder; one that failed verification is drawn red.
 */
import type { Atlas } from "./atlas.ts";
import type { Layout } from "./layout.ts";

export interface Camera {
  /** Layout point at the canvas's top-left corner, and canvas pixels per layout unit. */
  x: number;
  y: number;
  scale: number;
}

const VERTEX = `#version 300 es
in vec4 a_rect;
in ivec3 a_place;
in uvec2 a_grid;
in uint a_pixels;
in float a_state;
uniform vec3 u_camera;
uniform vec2 u_viewport;
out vec2 v_local;
flat out ivec3 v_place;
flat out uvec2 v_grid;
flat out uint v_pixels;
flat out float v_state;
const vec2 CORNERS[6] = vec2[6](vec2(0, 0), vec2(1, 0), vec2(0, 1), vec2(0, 1), vec2(1, 0), vec2(1, 1));
void main() {
  vec2 corner = CORNERS[gl_VertexID % 6];
  // At least one canvas pixel, so a zoomed-out module still shows instead of falling between samples.
  vec2 size = max(a_rect.zw * u_camera.z, vec2(1.0));
  vec2 p = (a_rect.xy - u_camera.xy) * u_camera.z + corner * size;
  gl_Position = vec4(p.x / u_viewport.x * 2.0 - 1.0, 1.0 - p.y / u_viewport.y * 2.0, 0.0, 1.0);
  v_local = corner;
  v_place = a_place;
  v_grid = a_grid;
  v_pixels = a_pixels;
  v_state = a_state;
}`;

const FRAGMENT = `#version 300 es
precision highp float;
precision highp int;
precision highp sampler2DArray;
uniform sampler2DArray u_atlas;
in vec2 v_local;
flat in ivec3 v_place;
flat in uvec2 v_grid;
flat in uint v_pixels;
flat in float v_state;
out vec4 color;
void main() {
  if (v_state < 0.5 || v_place.x < 0) { color = vec4(0.17, 0.17, 0.22, 1.0); return; }
  if (v_state > 1.5) { color = vec4(0.8, 0.1, 0.1, 1.0); return; }
  uvec2 cell = uvec2(clamp(floor(v_local * vec2(v_grid)), vec2(0.0), vec2(v_grid) - 1.0));
  if (cell.y * v_grid.x + cell.x >= v_pixels) { color = vec4(0.07, 0.07, 0.09, 1.0); return; }
  color = vec4(texelFetch(u_atlas, ivec3(v_place.yz + ivec2(cell), v_place.x), 0).rgb, 1.0);
}`;

export class MapRenderer {
  readonly #gl: WebGL2RenderingContext;
  readonly #program: WebGLProgram;
  readonly #vao: WebGLVertexArrayObject;
  readonly #states: WebGLBuffer;
  readonly #texture: WebGLTexture;
  readonly #count: number;
  readonly #atlas: Atlas;
  readonly #buffers: WebGLBuffer[] = [];

  constructor(canvas: HTMLCanvasElement, layout: Layout, atlas: Atlas) {
    // preserveDrawingBuffer: what is on screen can be read back (the tests check the GPU shows the module's bytes).
    const gl = canvas.getContext("webgl2", { antialias: false, alpha: false, preserveDrawingBuffer: true });
    if (!gl) throw new Error("this browser has no WebGL2");
    this.#gl = gl;
    this.#atlas = atlas;
    this.#count = layout.pixels.length;
    this.#program = program(gl);
    this.#vao = gl.createVertexArray() as WebGLVertexArrayObject;
    gl.bindVertexArray(this.#vao);
    // Per vertex, not instanced: SwiftShader (Chromium's WebGL without a GPU) sets up every instance as a draw of its own.
    const attribute = (name: string, data: Float32Array | Int32Array | Uint32Array, size: number, type: number, integer: boolean) => {
      const buffer = gl.createBuffer() as WebGLBuffer;
      this.#buffers.push(buffer);
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      gl.bufferData(gl.ARRAY_BUFFER, sixTimes(data, size), gl.STATIC_DRAW);
      const at = gl.getAttribLocation(this.#program, name);
      gl.enableVertexAttribArray(at);
      if (integer) gl.vertexAttribIPointer(at, size, type, 0, 0);
      else gl.vertexAttribPointer(at, size, type, false, 0, 0);
      return buffer;
    };
    attribute("a_rect", layout.rects, 4, gl.FLOAT, false);
    attribute("a_place", atlas.place, 3, gl.INT, true);
    attribute("a_grid", layout.grids, 2, gl.UNSIGNED_INT, true);
    attribute("a_pixels", layout.pixels, 1, gl.UNSIGNED_INT, true);
    this.#states = attribute("a_state", new Float32Array(this.#count), 1, gl.FLOAT, false);
    this.#texture = gl.createTexture() as WebGLTexture;
    gl.bindTexture(gl.TEXTURE_2D_ARRAY, this.#texture);
    gl.texStorage3D(gl.TEXTURE_2D_ARRAY, 1, gl.RGB8, atlas.size, atlas.height, atlas.layers);
    gl.texParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D_ARRAY, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
  }

  /** A band's strip of texels, as the worker laid it out; its modules drawn from now on, those that failed in red. */
  upload(band: number, data: Uint8Array, bad: number[]): void {
    const gl = this.#gl;
    const b = this.#atlas.bands[band];
    if (!b) return;
    gl.bindTexture(gl.TEXTURE_2D_ARRAY, this.#texture);
    if (b.height > 0) gl.texSubImage3D(gl.TEXTURE_2D_ARRAY, 0, 0, b.y, b.layer, this.#atlas.size, b.height, 1, gl.RGB, gl.UNSIGNED_BYTE, data);
    const states = new Float32Array(b.count * 6).fill(1);
    for (const i of bad) states.fill(2, (i - b.from) * 6, (i - b.from + 1) * 6);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.#states);
    gl.bufferSubData(gl.ARRAY_BUFFER, b.from * 6 * 4, states);
  }

  draw(camera: Camera): void {
    const gl = this.#gl;
    const canvas = gl.canvas as HTMLCanvasElement;
    gl.viewport(0, 0, canvas.width, canvas.height);
    gl.clearColor(0.086, 0.086, 0.114, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.useProgram(this.#program);
    gl.bindVertexArray(this.#vao);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D_ARRAY, this.#texture);
    gl.uniform1i(gl.getUniformLocation(this.#program, "u_atlas"), 0);
    gl.uniform3f(gl.getUniformLocation(this.#program, "u_camera"), camera.x, camera.y, camera.scale);
    gl.uniform2f(gl.getUniformLocation(this.#program, "u_viewport"), canvas.width, canvas.height);
    gl.drawArrays(gl.TRIANGLES, 0, this.#count * 6);
  }

  dispose(): void {
    const gl = this.#gl;
    gl.deleteTexture(this.#texture);
    gl.deleteProgram(this.#program);
    gl.deleteVertexArray(this.#vao);
    for (const b of this.#buffers) gl.deleteBuffer(b);
  }
}

/** Each module's `size` components, once per vertex of its two triangles. */
function sixTimes<T extends Float32Array | Int32Array | Uint32Array>(data: T, size: number): T {
  const out = new (data.constructor as new (n: number) => T)(data.length * 6);
  for (let i = 0; i < data.length / size; i++) {
    const item = data.subarray(i * size, (i + 1) * size);
    for (let v = 0; v < 6; v++) out.set(item, (i * 6 + v) * size);
  }
  return out;
}

function program(gl: WebGL2RenderingContext): WebGLProgram {
  const shader = (type: number, source: string) => {
    const s = gl.createShader(type) as WebGLShader;
    gl.shaderSource(s, source);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`shader: ${gl.getShaderInfoLog(s)}`);
    return s;
  };
  const p = gl.createProgram() as WebGLProgram;
  gl.attachShader(p, shader(gl.VERTEX_SHADER, VERTEX));
  gl.attachShader(p, shader(gl.FRAGMENT_SHADER, FRAGMENT));
  gl.linkProgram(p);
  if (!gl.getProgramParameter(p, gl.LINK_STATUS)) throw new Error(`program: ${gl.getProgramInfoLog(p)}`);
  return p;
}
